using MessagePack;

namespace RetroGrid.Core.Formats;

/// <summary>The index sealed at the end of every pack: its entries in pack order. Checked by <see cref="Packs.PackIndexValidator"/>.</summary>
[MessagePackObject]
public sealed record PackIndex : IFormatObject
{
    [Key(0)]
    public IReadOnlyList<PackIndexEntry> Entries { get; init; } = [];

    string? IFormatObject.FindProblem() => Entries is null ? "its entry list is nil." : null;
}
