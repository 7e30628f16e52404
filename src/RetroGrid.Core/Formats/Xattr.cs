using MessagePack;

namespace RetroGrid.Core.Formats;

/// <summary>One extended attribute (xattr). Kept as a list sorted by name rather than a map, so the encoding is deterministic.</summary>
[MessagePackObject]
public sealed record Xattr
{
    [Key(0)]
    public string Name { get; init; } = string.Empty;

    [Key(1)]
    public byte[] Value { get; init; } = [];
}
