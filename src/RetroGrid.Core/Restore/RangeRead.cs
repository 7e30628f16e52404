namespace RetroGrid.Core.Restore;

/// <summary>One ranged read of a pack, covering neighbouring needed blobs (and the small gaps between them).</summary>
internal sealed record RangeRead(string PackName, long Offset, int Length, IReadOnlyList<PlannedBlob> Blobs)
{
    /// <summary>
    /// Groups a pack's needed blobs into reads: sorted by offset, a blob joins the current read when the gap before it
    /// is at most <paramref name="maxGap"/> and the read stays within <paramref name="maxRead"/> bytes.
    /// </summary>
    public static IEnumerable<RangeRead> Coalesce(string packName, List<PlannedBlob> blobs, int maxGap, int maxRead)
    {
        blobs.Sort(static (a, b) => a.Entry.Offset.CompareTo(b.Entry.Offset));
        var current = new List<PlannedBlob>();
        long start = 0, end = 0;
        foreach (var blob in blobs)
        {
            var entry = blob.Entry;
            if (current.Count > 0 && (entry.Offset - end > maxGap || entry.Offset + entry.Length - start > maxRead))
            {
                yield return new RangeRead(packName, start, (int)(end - start), current);
                current = [];
            }

            if (current.Count == 0)
            {
                start = entry.Offset;
            }

            current.Add(blob);
            end = Math.Max(end, entry.Offset + entry.Length);
        }

        if (current.Count > 0)
        {
            yield return new RangeRead(packName, start, (int)(end - start), current);
        }
    }
}
