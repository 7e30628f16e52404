using MessagePack;

namespace RetroGrid.Core.Formats;

/// <summary>
/// A consolidated index (<c>index/&lt;id&gt;</c>): the pack indexes of packs committed by one writer, so opening a set
/// reads a few index files rather than every pack's trailer. Only a speed-up: packs alone suffice to rebuild it.
/// </summary>
[MessagePackObject]
public sealed record IndexFile : IFormatObject
{
    [Key(0)]
    public IReadOnlyList<IndexFilePack> Packs { get; init; } = [];

    string? IFormatObject.FindProblem() =>
        Packs is null || Packs.Any(p => p?.PackName is null || p.Entries is null) ? "its pack list is nil or holds nil." : null;
}
