using RetroGrid.Controller.Grooming;
using RetroGrid.Core.Formats;
using RetroGrid.Core.Hashing;

namespace RetroGrid.Controller.Tests;

/// <summary>Which packs pruning deletes and which it repacks.</summary>
public sealed class PackUsageTests
{
    [Fact]
    public void NothingReferenced_EveryPackUnused()
    {
        var usage = new PackUsage([Pack("a", (1, 100)), Pack("b", (2, 100))], new HashSet<BlobId>());

        Assert.Equal(["a", "b"], usage.Unused.Select(p => p.Name));
        Assert.Equal(0, usage.PartlyUsedCount);
    }

    [Fact]
    public void PartlyUsed_SparseOnlyBelowTheThreshold()
    {
        // "a" is 10 % used, "b" 60 %, "c" wholly.
        var packs = new[] { Pack("a", (1, 10), (2, 90)), Pack("b", (3, 60), (4, 40)), Pack("c", (5, 100)) };
        var usage = new PackUsage(packs, new HashSet<BlobId> { Id(1), Id(3), Id(5) });

        Assert.Empty(usage.Unused);
        Assert.Equal(2, usage.PartlyUsedCount);
        Assert.Equal(["a"], usage.Sparse(50).Select(p => p.Name));
        Assert.Equal(["a", "b"], usage.Sparse(61).Select(p => p.Name));
        Assert.Equal([Id(1)], usage.LiveEntries("a").Select(e => e.Id));
        Assert.Equal(10, usage.LiveBytes("a"));
    }

    [Fact]
    public void BlobInTwoPacks_LiveInTheNewestOnly_TheOlderCopyUnused()
    {
        // "copy" was written after "original" (a repack that was not followed by a deletion).
        var usage = new PackUsage([Pack("copy", (1, 50)), Pack("original", (1, 50), (2, 50))], new HashSet<BlobId> { Id(1) });

        Assert.Equal(["original"], usage.Unused.Select(p => p.Name));
        Assert.False(usage.IsUnused("copy"));
        Assert.True(usage.IsUnused("original"));
        Assert.True(usage.IsUnused("not-a-pack-of-the-set"));
    }

    private static CatalogPack Pack(string name, params (int Id, int Length)[] blobs)
    {
        var offset = 8L;
        var entries = new List<PackIndexEntry>();
        foreach (var (id, length) in blobs)
        {
            entries.Add(new PackIndexEntry(Id(id), BlobType.Data, offset, length, length, Compressed: false));
            offset += length;
        }

        return new CatalogPack(name, blobs.Sum(b => b.Length), string.Empty, entries);
    }

    private static BlobId Id(int n) => new((ulong)n * 0x9E3779B97F4A7C15, (ulong)n, 0, (ulong)n);
}
