using System.Reflection;

namespace RetroGrid.Agent.Service;

/// <summary>The agent's version as reported to the controller.</summary>
internal static class AgentVersion
{
    public static string Current { get; } =
        typeof(AgentVersion).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0.0.0";
}
