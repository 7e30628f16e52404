using RetroGrid.Core.Crypto;
using RetroGrid.Core.Formats;
using RetroGrid.Core.Hashing;

namespace RetroGrid.Core.Packs;

/// <summary>
/// Checks a decoded pack index before anything trusts it. Writers lay blobs end to end in index order, so the check is
/// strict: blobs tile the data area exactly (in range, no overlap, no gap), ids are unique, types known, and lengths
/// agree with the compressed flag (raw blobs are plaintext + overhead; compressed ones strictly shorter).
/// </summary>
internal static class PackIndexValidator
{
    /// <param name="entries">The decoded entries, in pack order.</param>
    /// <param name="dataEnd">Where the data area ends (start of the sealed index).</param>
    /// <param name="exactEnd">True when <paramref name="dataEnd"/> is known exactly (from the pack itself), false when it is an upper bound (from an index file).</param>
    public static string? FindProblem(IReadOnlyList<PackIndexEntry> entries, long dataEnd, bool exactEnd)
    {
        var seen = new HashSet<BlobId>(entries.Count);
        long next = PackLayout.HeaderSize;
        for (var i = 0; i < entries.Count; i++)
        {
            var entry = entries[i];
            if (entry.Type is not (BlobType.Data or BlobType.Tree))
            {
                return $"entry {i} has unknown blob type {(int)entry.Type}.";
            }

            var stored = (long)entry.Length - AeadSealer.Overhead;
            if (stored < 0 || stored > PackLayout.MaxBlobLength || entry.RawLength < 0 || entry.RawLength > PackLayout.MaxBlobLength)
            {
                return $"entry {i} has out-of-range lengths {entry.Length}/{entry.RawLength}.";
            }

            if (entry.Compressed ? stored >= entry.RawLength : stored != entry.RawLength)
            {
                return $"entry {i} has lengths {entry.Length}/{entry.RawLength} that disagree with its compressed flag.";
            }

            if (entry.Offset != next || entry.Offset + entry.Length > dataEnd)
            {
                return $"entry {i} at offset {entry.Offset} (length {entry.Length}) does not follow the previous blob inside the data area.";
            }

            if (!seen.Add(entry.Id))
            {
                return $"blob {entry.Id} appears twice.";
            }

            next = entry.Offset + entry.Length;
        }

        return exactEnd && next != dataEnd ? $"its blobs end at {next}, but the index starts at {dataEnd}." : null;
    }
}
