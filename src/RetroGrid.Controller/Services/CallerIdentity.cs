using Grpc.Core;

namespace RetroGrid.Controller.Services;

/// <summary>Who is calling, as established by the authentication interceptors, kept on the call.</summary>
internal static class CallerIdentity
{
    private const string AgentKey = "retrogrid-agent-id";
    private const string AdminKey = "retrogrid-admin-name";

    public static void SetAgent(ServerCallContext context, string agentId) => context.UserState[AgentKey] = agentId;

    public static void SetAdmin(ServerCallContext context, string name) => context.UserState[AdminKey] = name;

    public static string AgentOf(ServerCallContext context) =>
        context.UserState.TryGetValue(AgentKey, out var id) ? (string)id : throw new InvalidOperationException("The call was not authenticated as an agent.");

    public static string AdminOf(ServerCallContext context) =>
        context.UserState.TryGetValue(AdminKey, out var name) ? (string)name : throw new InvalidOperationException("The call was not authenticated as an admin.");
}
