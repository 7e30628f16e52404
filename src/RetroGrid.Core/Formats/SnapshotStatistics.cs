using MessagePack;

namespace RetroGrid.Core.Formats;

/// <summary>What a backup did: counts scanned, found new and uploaded.</summary>
[MessagePackObject]
public sealed record SnapshotStatistics
{
    [Key(0)]
    public long FilesScanned { get; init; }

    [Key(1)]
    public long DirectoriesScanned { get; init; }

    [Key(2)]
    public long BytesScanned { get; init; }

    [Key(3)]
    public long FilesNew { get; init; }

    [Key(4)]
    public long BytesNew { get; init; }

    /// <summary>Bytes sent to the store (packs and metadata, after compression and encryption).</summary>
    [Key(5)]
    public long BytesUploaded { get; init; }

    [Key(6)]
    public long DurationNs { get; init; }
}
