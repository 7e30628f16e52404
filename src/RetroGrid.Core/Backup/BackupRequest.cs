namespace RetroGrid.Core.Backup;

/// <summary>What to back up. Each path (file or directory) becomes a top-level entry of the snapshot, named by its last component.</summary>
/// <param name="Paths">Source paths; their last components must differ.</param>
public sealed record BackupRequest(IReadOnlyList<string> Paths)
{
    /// <summary>Recorded in the snapshot and used to find the parent snapshot.</summary>
    public string Host { get; init; } = Environment.MachineName;

    public string AgentId { get; init; } = string.Empty;

    /// <summary>
    /// The snapshot to compare against (progressive backup); null = the latest snapshot of the same host and paths, if
    /// any; empty = none (read everything).
    /// </summary>
    public string? ParentSnapshot { get; init; }

    public IReadOnlyList<string> Tags { get; init; } = [];

    /// <summary>
    /// Globs of entries to leave out (<c>*</c>, <c>?</c>, <c>**</c>). A glob without '/' matches an entry's name; one with '/'
    /// matches its full path. An excluded directory is not entered.
    /// </summary>
    public IReadOnlyList<string> Excludes { get; init; } = [];
}
