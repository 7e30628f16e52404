using RetroGrid.Core.Formats;

namespace RetroGrid.Core.Packs;

/// <summary>
/// A pack's index entries as bytes outside the pack, for a catalog that keeps them (the controller's) — the same
/// MessagePack as the index sealed in the pack, and decoded as strictly: what a catalog holds is checked like a pack.
/// </summary>
public static class PackEntryCodec
{
    public static byte[] Encode(IReadOnlyList<PackIndexEntry> entries) => FormatSerializer.SerializePayload(new PackIndex { Entries = entries });

    /// <summary>Decodes and checks entries of a pack of <paramref name="packLength"/> bytes; a failure names <paramref name="objectName"/>.</summary>
    public static IReadOnlyList<PackIndexEntry> Decode(ReadOnlyMemory<byte> bytes, long packLength, string objectName)
    {
        var entries = FormatSerializer.DeserializePayload<PackIndex>(bytes, objectName).Entries;
        return FindProblem(entries, packLength) is { } problem ? throw FormatErrors.Corrupt(objectName, problem) : entries;
    }

    /// <summary>
    /// What is wrong with entries said to describe a pack of <paramref name="packLength"/> bytes (blobs out of range,
    /// overlapping, duplicated, of an unknown type), or null when they are consistent.
    /// </summary>
    public static string? FindProblem(IReadOnlyList<PackIndexEntry> entries, long packLength) =>
        PackIndexValidator.FindProblem(entries, packLength, exactEnd: false);
}
