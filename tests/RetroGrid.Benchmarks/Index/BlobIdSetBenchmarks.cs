using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using BenchmarkDotNet.Attributes;
using RetroGrid.Core.Hashing;
using RetroGrid.Core.Index;

namespace RetroGrid.Benchmarks.Index;

// Results: see tests/RetroGrid.Benchmarks/README.md, "Controller dedup index".
// dotnet run -c Release --project tests/RetroGrid.Benchmarks -p:ArtifactsPath=/tmp/rg-dedup -- --filter "*BlobIdSet*"
// Every method's Mean is per id (OperationsPerInvoke), so ids/s = 1 s / Mean; the two-thread figure is both threads' total.

/// <summary>
/// The controller's dedup index at fleet scale: FindMissing against 10 million ids on one and on two threads, and
/// AddRange while building. GlobalSetup prints the memory per million ids (slot array, and GC heap growth).
/// </summary>
[ShortRunJob]
public class BlobIdSetBenchmarks
{
    private const int IndexedIds = 10_000_000;
    private const int BatchSize = 10_000;
    private const int Batches = 16;
    private const int PackSize = 1000;
    private const int BuildIds = 1_000_000;

    private BlobIdSet _set = null!;
    private BlobId[][] _batches = [];
    private int[][] _missing = [];
    private BlobId[] _buildIds = [];

    [GlobalSetup(Targets = [nameof(FindMissing_OneThread), nameof(FindMissing_TwoThreads)])]
    public void SetupIndex()
    {
        var random = new Random(42);

        // Held ids for the batches are every 64th indexed id, kept aside before the heap is measured.
        var heldSample = new BlobId[IndexedIds / 64];
        var chunk = new BlobId[100_000];
        var before = GC.GetTotalMemory(forceFullCollection: true);
        var watch = Stopwatch.StartNew();
        _set = new BlobIdSet();
        for (var added = 0; added < IndexedIds; added += chunk.Length)
        {
            Fill(random, chunk);
            for (var i = 0; i < chunk.Length; i += 64)
            {
                heldSample[(added + i) / 64] = chunk[i];
            }

            AddInPacks(_set, chunk);
        }

        var buildSeconds = watch.Elapsed.TotalSeconds;
        var heapGrowth = GC.GetTotalMemory(forceFullCollection: true) - before;
        Report("10M", _set, heapGrowth);
        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"// BlobIdSet build 10M from empty in packs of {PackSize}: {buildSeconds:F2} s, {IndexedIds / buildSeconds / 1e6:F2} M ids/s (id generation included)"));
        MeasureOneMillion();

        _batches = new BlobId[Batches][];
        for (var b = 0; b < Batches; b++)
        {
            var batch = RandomIds(random, BatchSize);
            for (var i = 0; i < BatchSize / 2; i++)
            {
                batch[i] = heldSample[random.Next(heldSample.Length)];
            }

            random.Shuffle(batch);
            _batches[b] = batch;
        }

        _missing = [new int[BatchSize], new int[BatchSize]];
        var missing = _set.FindMissing(_batches[0], _missing[0]);
        if (missing != BatchSize / 2)
        {
            throw new InvalidOperationException($"Expected {BatchSize / 2} missing, found {missing}.");
        }
    }

    [GlobalSetup(Target = nameof(AddRange_BuildOneMillion))]
    public void SetupBuild() => _buildIds = RandomIds(new Random(7), BuildIds);

    [GlobalCleanup]
    public void Cleanup() => _set?.Dispose();

    [Benchmark(OperationsPerInvoke = Batches * BatchSize)]
    public int FindMissing_OneThread() => FindAll(0, _missing[0]);

    [Benchmark(OperationsPerInvoke = 2 * Batches * BatchSize)]
    public int FindMissing_TwoThreads()
    {
        // Each thread runs all batches, starting half-way apart so the two do not walk the same slots in step.
        var counts = new int[2];
        Parallel.For(0, 2, new ParallelOptions { MaxDegreeOfParallelism = 2 }, t => counts[t] = FindAll(t * Batches / 2, _missing[t]));
        return counts[0] + counts[1];
    }

    [Benchmark(OperationsPerInvoke = BuildIds)]
    public int AddRange_BuildOneMillion()
    {
        using var set = new BlobIdSet();
        AddInPacks(set, _buildIds);
        return set.Count;
    }

    internal static BlobId[] RandomIds(Random random, int count)
    {
        var ids = new BlobId[count];
        Fill(random, ids);
        return ids;
    }

    // Raw random bytes: Random.NextInt64 would leave the top bit of W0, and so half the home slots, unused.
    private static void Fill(Random random, BlobId[] ids) => random.NextBytes(MemoryMarshal.AsBytes(ids.AsSpan()));

    // As the controller will: one AddRange per committed pack.
    private static void AddInPacks(BlobIdSet set, BlobId[] ids)
    {
        for (var start = 0; start < ids.Length; start += PackSize)
        {
            set.AddRange(ids.AsSpan(start, Math.Min(PackSize, ids.Length - start)));
        }
    }

    private static void Report(string label, BlobIdSet set, long heapGrowth) =>
        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"// BlobIdSet {label}: {set.Count} ids, slots {set.MemoryBytes / 1e6:F1} MB = {set.MemoryBytes * 1e6 / set.Count / 1e6:F1} MB per million ids; GC heap growth {heapGrowth / 1e6:F1} MB = {heapGrowth * 1e6 / set.Count / 1e6:F1} MB per million ids"));

    private static void MeasureOneMillion()
    {
        var ids = RandomIds(new Random(1), BuildIds);
        var before = GC.GetTotalMemory(forceFullCollection: true);
        using var set = new BlobIdSet();
        AddInPacks(set, ids);

        Report("1M", set, GC.GetTotalMemory(forceFullCollection: true) - before);
        GC.KeepAlive(ids);
    }

    private int FindAll(int first, int[] missing)
    {
        var total = 0;
        for (var b = 0; b < Batches; b++)
        {
            total += _set.FindMissing(_batches[(first + b) % Batches], missing);
        }

        return total;
    }
}
