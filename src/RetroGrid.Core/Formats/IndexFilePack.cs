using MessagePack;

namespace RetroGrid.Core.Formats;

/// <summary>One pack's index inside an index file.</summary>
[MessagePackObject]
public sealed record IndexFilePack
{
    /// <summary>The pack's name (SHA-256 of its bytes, hex).</summary>
    [Key(0)]
    public string PackName { get; init; } = string.Empty;

    [Key(1)]
    public long PackLength { get; init; }

    [Key(2)]
    public IReadOnlyList<PackIndexEntry> Entries { get; init; } = [];

    /// <summary>
    /// The pack's Dropbox content_hash (64 hex digits), so storage can be verified from a listing without a download;
    /// null for packs indexed from their trailers, whose hash the listing supplies.
    /// </summary>
    [Key(3)]
    public string? ContentHash { get; init; }
}
