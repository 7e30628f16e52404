using BenchmarkDotNet.Attributes;
using RetroGrid.Core.Chunking;

namespace RetroGrid.Benchmarks.Chunking;

// Results (2-core AMD EPYC, .NET 10.0.12, ShortRun; shared machine, noisy): 64 MiB random, defaults (1 MiB average).
// dotnet run -c Release --project tests/RetroGrid.Benchmarks -p:ArtifactsPath=/tmp/rg-prim -- --filter "*FastCdc*"
// | Method            | Mean     | Error     | StdDev   | Allocated |
// |------------------ |---------:|----------:|---------:|----------:|
// | FindAllBoundaries | 42.25 ms | 120.80 ms | 6.622 ms |         - |   (≈ 1.6 GB/s on one core; it skips MinSize - 64 bytes per chunk)

/// <summary>FastCDC boundary search over 64 MiB of random data with the default (1 MiB average) parameters, one core.</summary>
[ShortRunJob]
[MemoryDiagnoser]
public class FastCdcBenchmarks
{
    private byte[] _data = [];
    private FastCdcChunker _chunker = null!;

    [GlobalSetup]
    public void Setup()
    {
        _data = new byte[64 * 1024 * 1024];
        new Random(42).NextBytes(_data);
        _chunker = new FastCdcChunker(ChunkerParameters.CreateDefault() with { Seed = new byte[ChunkerParameters.SeedSize] });
    }

    [Benchmark]
    public int FindAllBoundaries()
    {
        var chunks = 0;
        var data = _data.AsSpan();
        while (!data.IsEmpty)
        {
            data = data[_chunker.FindBoundary(data)..];
            chunks++;
        }

        return chunks;
    }
}
