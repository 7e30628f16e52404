using RetroGrid.Core.Hashing;
using RetroGrid.Core.Index;
using RetroGrid.Testing;

namespace RetroGrid.Core.Tests.Index;

public class BlobIdSetTests
{
    // A new set has 16 slots, so the home slot is the top 4 bits of W0.
    private const int HomeShift = 60;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public void Add_NewThenRepeated_ReturnsTrueThenFalse()
    {
        using var set = new BlobIdSet();
        var id = RandomIds(1, seed: 1)[0];

        Assert.False(set.Contains(id));
        Assert.True(set.Add(id));
        Assert.False(set.Add(id));
        Assert.True(set.Contains(id));
        Assert.Equal(1, set.Count);
        Assert.True(set.Remove(id));
        Assert.False(set.Remove(id));
        Assert.False(set.Contains(id));
        Assert.Equal(0, set.Count);
    }

    [Fact]
    public void Add_SameFirst16Bytes_CountsAsSameId()
    {
        using var set = new BlobIdSet();

        Assert.True(set.Add(new BlobId(7, 8, 1, 2)));

        Assert.False(set.Add(new BlobId(7, 8, 3, 4)));
        Assert.True(set.Contains(new BlobId(7, 8, 5, 6)));
        Assert.False(set.Contains(new BlobId(7, 9, 1, 2)));
        Assert.Equal(1, set.Count);
    }

    [Fact]
    public void Add_ZeroPrefix_HeldApartFromEmptySlots()
    {
        using var set = new BlobIdSet();
        var zero = new BlobId(0, 0, 0, 1);

        Assert.False(set.Contains(zero));
        Assert.True(set.Add(zero));
        Assert.False(set.Add(default));
        Assert.True(set.Contains(default));
        Assert.Equal(1, set.Count);
        Span<int> missing = stackalloc int[2];
        Assert.Equal(1, set.FindMissing([new BlobId(1, 0, 0, 0), zero], missing));
        Assert.Equal(0, missing[0]);
        Assert.True(set.Remove(zero));
        Assert.False(set.Remove(zero));
        Assert.False(set.Contains(zero));
        Assert.Equal(0, set.Count);
    }

    /// <summary>
    /// Eight ids share one home slot (or two neighbouring homes that wrap past the table's end), so they form one
    /// probe cluster; removing any one of them must leave every other reachable and the removed one gone.
    /// </summary>
    [Theory]
    [InlineData(5, 5, 0)]
    [InlineData(5, 5, 3)]
    [InlineData(5, 5, 7)]
    [InlineData(14, 15, 1)]
    [InlineData(14, 15, 4)]
    [InlineData(14, 15, 6)]
    public void Remove_InsideProbeCluster_KeepsEveryOtherIdFound(int firstHome, int secondHome, int removed)
    {
        using var set = new BlobIdSet();
        var ids = Enumerable.Range(0, 8)
            .Select(i => new BlobId(((ulong)(i % 2 == 0 ? firstHome : secondHome) << HomeShift) | (uint)i, (ulong)i + 1, 0, 0))
            .ToArray();
        set.AddRange(ids);
        Assert.Equal(16 * 16, set.MemoryBytes);

        Assert.True(set.Remove(ids[removed]));

        Assert.False(set.Contains(ids[removed]));
        for (var i = 0; i < ids.Length; i++)
        {
            Assert.Equal(i != removed, set.Contains(ids[i]));
        }

        Assert.Equal(7, set.Count);
        Assert.True(set.Add(ids[removed]));
        Assert.All(ids, id => Assert.True(set.Contains(id)));
    }

    [Fact]
    public void Remove_WholeClusterInAnyOrder_LeavesSetEmpty()
    {
        using var set = new BlobIdSet();
        var ids = Enumerable.Range(0, 10).Select(i => new BlobId((15UL << HomeShift) | (uint)(i % 3), (ulong)i + 1, 0, 0)).ToArray();
        set.AddRange(ids);

        foreach (var i in new[] { 4, 0, 9, 2, 7, 1, 8, 3, 6, 5 })
        {
            Assert.True(set.Remove(ids[i]));
            Assert.False(set.Contains(ids[i]));
        }

        Assert.Equal(0, set.Count);
        Span<int> missing = stackalloc int[ids.Length];
        Assert.Equal(ids.Length, set.FindMissing(ids, missing));
    }

    [Fact]
    public void AddRange_AcrossTenDoublings_KeepsEveryId()
    {
        using var set = new BlobIdSet();
        var ids = RandomIds(10_000, seed: 2);

        foreach (var chunk in ids.Chunk(777))
        {
            set.AddRange(chunk);
        }

        Assert.Equal(10_000, set.Count);
        Assert.Equal(16_384 * 16, set.MemoryBytes);
        Assert.All(ids, id => Assert.True(set.Contains(id)));
        Assert.False(set.Contains(RandomIds(1, seed: 3)[0]));
    }

    [Fact]
    public void Constructor_Capacity_HoldsThatManyWithoutGrowing()
    {
        using var set = new BlobIdSet(1000);
        Assert.Equal(2048 * 16, set.MemoryBytes);

        set.AddRange(RandomIds(1000, seed: 4));

        Assert.Equal(2048 * 16, set.MemoryBytes);
        Assert.Throws<ArgumentOutOfRangeException>(() => new BlobIdSet(-1));
    }

    [Fact]
    public void AddRange_DuplicatesInBatchAndSet_CountsEachIdOnce()
    {
        using var set = new BlobIdSet();
        var ids = RandomIds(3, seed: 5);
        set.Add(ids[0]);

        set.AddRange([ids[1], ids[0], ids[1], ids[2], ids[2]]);

        Assert.Equal(3, set.Count);
    }

    [Fact]
    public void FindMissing_MixedBatch_WritesMissingPositionsAscending()
    {
        using var set = new BlobIdSet();
        var ids = RandomIds(8, seed: 6);
        set.AddRange([ids[1], ids[2], ids[5]]);
        var missing = new int[ids.Length + 3];
        missing.AsSpan().Fill(-1);

        var count = set.FindMissing(ids, missing);

        Assert.Equal(5, count);
        Assert.Equal([0, 3, 4, 6, 7, -1, -1, -1, -1, -1, -1], missing);
    }

    [Fact]
    public void FindMissing_DuplicateIdsInBatch_ReportsEveryPosition()
    {
        using var set = new BlobIdSet();
        var ids = RandomIds(2, seed: 7);
        set.Add(ids[0]);
        var missing = new int[6];

        var count = set.FindMissing([ids[1], ids[0], ids[1], ids[0], ids[1], ids[1]], missing);

        Assert.Equal([0, 2, 4, 5], missing[..count]);
    }

    [Fact]
    public void FindMissing_EmptyBatchOrSet_HandlesBoth()
    {
        using var set = new BlobIdSet();
        var ids = RandomIds(3, seed: 8);
        var missing = new int[3];

        Assert.Equal(0, set.FindMissing([], []));
        Assert.Equal(3, set.FindMissing(ids, missing));
        Assert.Equal([0, 1, 2], missing);
    }

    [Fact]
    public void FindMissing_OutputShorterThanBatch_Throws()
    {
        using var set = new BlobIdSet();
        var ids = RandomIds(3, seed: 9);

        var error = Assert.Throws<ArgumentException>(() => set.FindMissing(ids, new int[2]));

        Assert.Equal("missingIndexes", error.ParamName);
    }

    /// <summary>
    /// Readers query ids that are always held, ids that are never added and ids the writer adds meanwhile (growing the
    /// table six times). A reader must never see a never-added id as held, never lose an id it saw, and after the
    /// writer is done everything written is found.
    /// </summary>
    [Fact]
    public async Task FindMissing_ReadersBesideWriter_NeverWrongAndEverythingFoundAfter()
    {
        using var set = new BlobIdSet();
        var initial = RandomIds(1000, seed: 10);
        var written = RandomIds(50_000, seed: 11);
        var never = RandomIds(1000, seed: 12);
        set.AddRange(initial);
        var batch = initial.Take(300).Concat(never.Take(300)).Concat(written.Where((_, i) => i % 125 == 0)).ToArray();
        var writerDone = 0;

        async Task<(int Wrong, int Rounds)> ReadAsync()
        {
            await Task.Yield();
            var missing = new int[batch.Length];
            var seenHeld = new bool[batch.Length];
            var wrong = 0;
            var rounds = 0;
            while (Volatile.Read(ref writerDone) == 0 || rounds < 10)
            {
                Ct.ThrowIfCancellationRequested();
                var held = Enumerable.Repeat(true, batch.Length).ToArray();
                var count = set.FindMissing(batch, missing);
                foreach (var m in missing.AsSpan(0, count))
                {
                    held[m] = false;
                }

                for (var i = 0; i < batch.Length; i++)
                {
                    var mustBeHeld = i < 300 || seenHeld[i];
                    var mustBeMissing = i >= 300 && i < 600;
                    wrong += (mustBeHeld && !held[i]) || (mustBeMissing && held[i]) ? 1 : 0;
                    seenHeld[i] |= held[i];
                }

                rounds++;
            }

            return (wrong, rounds);
        }

        var readers = new[] { Task.Run(ReadAsync, Ct), Task.Run(ReadAsync, Ct) };
        var writer = Task.Run(
            () =>
            {
                try
                {
                    foreach (var pack in written.Chunk(500))
                    {
                        set.AddRange(pack);
                    }
                }
                finally
                {
                    Volatile.Write(ref writerDone, 1);
                }
            },
            Ct);

        await writer.DefaultTimeout();
        var results = await Task.WhenAll(readers).DefaultTimeout();

        Assert.All(results, r => Assert.Equal(0, r.Wrong));
        Assert.Equal(51_000, set.Count);
        var all = initial.Concat(written).ToArray();
        Assert.Equal(0, set.FindMissing(all, new int[all.Length]));
        Assert.Equal(never.Length, set.FindMissing(never, new int[never.Length]));
    }

    /// <summary>
    /// Random adds, removes, range adds and queries against HashSet as the oracle, over a small pool of ids whose homes
    /// crowd a few slots, so clusters form, merge, wrap and get cut by removals. W2 and W3 are zero, so the stored
    /// 16-byte key is the whole id and the oracle's equality is the set's.
    /// </summary>
    [Fact]
    public void RandomOperations_MatchHashSetOracle()
    {
        var random = new Random(20261204);
        var pool = Enumerable.Range(0, 3000)
            .Select(_ => new BlobId(((ulong)random.Next(16) << 60) | ((ulong)random.Next(4) << 50) | (uint)random.Next(64), (ulong)random.NextInt64(), 0, 0))
            .Distinct()
            .ToArray();
        using var set = new BlobIdSet();
        var oracle = new HashSet<BlobId>();
        var missing = new int[64];

        for (var step = 0; step < 60_000; step++)
        {
            var id = pool[random.Next(pool.Length)];
            switch (random.Next(5))
            {
                case 0:
                case 1:
                    Assert.Equal(oracle.Add(id), set.Add(id));
                    break;
                case 2:
                    Assert.Equal(oracle.Remove(id), set.Remove(id));
                    break;
                case 3:
                    var range = Enumerable.Range(0, random.Next(1, 20)).Select(_ => pool[random.Next(pool.Length)]).ToArray();
                    set.AddRange(range);
                    oracle.UnionWith(range);
                    break;
                default:
                    var query = Enumerable.Range(0, random.Next(0, 64)).Select(_ => pool[random.Next(pool.Length)]).ToArray();
                    var count = set.FindMissing(query, missing);
                    Assert.Equal(Enumerable.Range(0, query.Length).Where(i => !oracle.Contains(query[i])), missing[..count]);
                    break;
            }

            Assert.Equal(oracle.Count, set.Count);
        }

        Assert.All(pool, id => Assert.Equal(oracle.Contains(id), set.Contains(id)));
    }

    private static BlobId[] RandomIds(int count, int seed)
    {
        var random = new Random(seed);
        var bytes = new byte[BlobId.Size];
        var ids = new BlobId[count];
        for (var i = 0; i < count; i++)
        {
            random.NextBytes(bytes);
            ids[i] = BlobId.FromBytes(bytes);
        }

        return ids;
    }
}
