using MessagePack;

namespace RetroGrid.Core.Formats;

/// <summary>Trouble with one path during a backup (permission denied, vanished, changed while read…).</summary>
[MessagePackObject]
public sealed record SnapshotWarning
{
    [Key(0)]
    public string Path { get; init; } = string.Empty;

    [Key(1)]
    public SnapshotWarningKind Kind { get; init; }

    [Key(2)]
    public string Message { get; init; } = string.Empty;
}
