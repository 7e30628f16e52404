using MessagePack;
using RetroGrid.Core.Hashing;

namespace RetroGrid.Core.Formats;

/// <summary>One backup: when, from where, what, its root tree and how it went. Stored sealed as <c>snapshots/&lt;id&gt;</c>.</summary>
[MessagePackObject]
public sealed record Snapshot : IFormatObject
{
    [Key(0)]
    public long TimeUnixNs { get; init; }

    [Key(1)]
    public string Host { get; init; } = string.Empty;

    [Key(2)]
    public string AgentId { get; init; } = string.Empty;

    /// <summary>The source paths backed up, as given.</summary>
    [Key(3)]
    public IReadOnlyList<string> Paths { get; init; } = [];

    [Key(4)]
    public BlobId RootTree { get; init; }

    /// <summary>The snapshot this one was compared against (name of its <c>snapshots/</c> object), if any.</summary>
    [Key(5)]
    public string? Parent { get; init; }

    [Key(6)]
    public IReadOnlyList<string> Tags { get; init; } = [];

    [Key(7)]
    public SnapshotStatistics Statistics { get; init; } = new();

    [Key(8)]
    public IReadOnlyList<SnapshotWarning> Warnings { get; init; } = [];

    string? IFormatObject.FindProblem()
    {
        if (Host is null || AgentId is null || Statistics is null)
        {
            return "its host, agent or statistics are nil.";
        }

        if (Paths is null || Paths.Any(p => p is null) || Tags is null || Tags.Any(t => t is null))
        {
            return "its path or tag list is nil or holds nil.";
        }

        if (Parent is not null && !Storage.BackupObjectNames.IsValidName(Parent))
        {
            return "its parent is not a snapshot name.";
        }

        return Warnings is null || Warnings.Any(w => w?.Path is null || w.Message is null) ? "its warning list is nil or holds nil." : null;
    }
}
