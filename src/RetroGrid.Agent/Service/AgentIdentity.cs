using System.Text.Json;
using System.Text.Json.Serialization;

namespace RetroGrid.Agent.Service;

/// <summary>What enrollment leaves behind besides keys and certificates (agent.json).</summary>
internal sealed record AgentIdentity(
    [property: JsonPropertyName("agent_id")] string AgentId,
    [property: JsonPropertyName("controller")] Uri Controller)
{
    public static AgentIdentity Load(AgentStateDirectory state) =>
        JsonSerializer.Deserialize(File.ReadAllText(state.Identity), AgentIdentityJsonContext.Default.AgentIdentity)
        ?? throw new InvalidDataException($"{state.Identity} is empty.");

    public void Save(AgentStateDirectory state) =>
        File.WriteAllText(state.Identity, JsonSerializer.Serialize(this, AgentIdentityJsonContext.Default.AgentIdentity));
}

/// <summary>Source-generated JSON for <see cref="AgentIdentity"/>.</summary>
[JsonSerializable(typeof(AgentIdentity))]
internal sealed partial class AgentIdentityJsonContext : JsonSerializerContext;
