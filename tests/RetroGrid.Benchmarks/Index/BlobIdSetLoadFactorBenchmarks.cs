using BenchmarkDotNet.Attributes;
using RetroGrid.Core.Hashing;
using RetroGrid.Core.Index;

namespace RetroGrid.Benchmarks.Index;

// Results: see tests/RetroGrid.Benchmarks/README.md, "Controller dedup index".
// dotnet run -c Release --project tests/RetroGrid.Benchmarks -p:ArtifactsPath=/tmp/rg-dedup -- --filter "*BlobIdSetLoadFactor*"

/// <summary>
/// Why BlobIdSet grows at 0.75: FindMissing (half held, half not, one thread) on a table of 2^23 slots (128 MiB,
/// far beyond the caches) filled to each load factor. A table runs between half its growth threshold and the
/// threshold itself, so the threshold is the worst case a lookup sees, and 16 / threshold the least bytes per id.
/// </summary>
[ShortRunJob]
public class BlobIdSetLoadFactorBenchmarks
{
    private const int Slots = 1 << 23;
    private const int BatchSize = 10_000;
    private const int Batches = 16;

    private BlobIdSet _set = null!;
    private BlobId[][] _batches = [];
    private readonly int[] _missing = new int[BatchSize];

    [Params(0.5, 0.65, 0.75, 0.85, 0.9)]
    public double LoadFactor { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(42);
        var ids = BlobIdSetBenchmarks.RandomIds(random, (int)(Slots * LoadFactor));
        _set = new BlobIdSet(ids.Length, LoadFactor);
        _set.AddRange(ids);
        if (_set.MemoryBytes != Slots * 16L)
        {
            throw new InvalidOperationException($"Expected {Slots} slots, got {_set.MemoryBytes / 16}.");
        }

        _batches = new BlobId[Batches][];
        for (var b = 0; b < Batches; b++)
        {
            var batch = BlobIdSetBenchmarks.RandomIds(random, BatchSize);
            for (var i = 0; i < BatchSize / 2; i++)
            {
                batch[i] = ids[random.Next(ids.Length)];
            }

            random.Shuffle(batch);
            _batches[b] = batch;
        }
    }

    [GlobalCleanup]
    public void Cleanup() => _set?.Dispose();

    [Benchmark(OperationsPerInvoke = Batches * BatchSize)]
    public int FindMissing_HalfHeld()
    {
        var total = 0;
        foreach (var batch in _batches)
        {
            total += _set.FindMissing(batch, _missing);
        }

        return total;
    }
}
