using RetroGrid.Contracts.V1;

namespace RetroGrid.Controller.Catalog;

/// <summary>A job's row: what to do (<see cref="SpecJson"/>, the StartJob sent to the agent) and how it ended.</summary>
internal sealed record JobRecord
{
    public required string Id { get; init; }

    public JobKind Kind { get; init; }

    public JobState State { get; init; }

    public required string SetId { get; init; }

    public required string AgentId { get; init; }

    /// <summary>The <see cref="StartJob"/> message, protobuf JSON.</summary>
    public required string SpecJson { get; init; }

    public required string StartedBy { get; init; }

    public long CreatedAtMs { get; init; }

    public long? StartedAtMs { get; init; }

    public long? FinishedAtMs { get; init; }

    /// <summary>The <see cref="JobOutcome"/> message once finished, protobuf JSON.</summary>
    public string? OutcomeJson { get; init; }
}
