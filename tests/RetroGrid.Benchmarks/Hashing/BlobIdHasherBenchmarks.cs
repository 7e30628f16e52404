using BenchmarkDotNet.Attributes;
using RetroGrid.Core.Crypto;
using RetroGrid.Core.Hashing;

namespace RetroGrid.Benchmarks.Hashing;

// Results (2-core AMD EPYC, SHA-NI + AVX-512, .NET 10.0.12, ShortRun; shared with other builds, so noisy: three runs).
// dotnet run -c Release --project tests/RetroGrid.Benchmarks -p:ArtifactsPath=/tmp/rg-prim -- --filter "*BlobIdHasher*"
// | Method      | Size    | run 1     | run 2     | run 3     | Allocated |
// |------------ |-------- |----------:|----------:|----------:|----------:|
// | HmacSha256  | 65536   |  38.00 us |  38.36 us |  39.28 us |         - |
// | KeyedBlake3 | 65536   |  29.07 us |  46.75 us |  29.71 us |      80 B |
// | HmacSha256  | 1048576 | 615.53 us | 623.38 us | 593.89 us |         - |
// | KeyedBlake3 | 1048576 | 551.00 us | 295.83 us | 272.35 us |      80 B |
// Run 1 ran beside a compiler; run 2's 64 KiB BLAKE3 had a 16.9 us StdDev. Choice: keyed BLAKE3 (BlobIdHashers).

/// <summary>HMAC-SHA-256 against keyed BLAKE3 for blob ids, at the chunker's average size and a small-file size.</summary>
[ShortRunJob]
[MemoryDiagnoser]
public class BlobIdHasherBenchmarks
{
    private byte[] _data = [];
    private HmacBlobIdHasher _hmac = null!;
    private Blake3BlobIdHasher _blake3 = null!;

    [Params(64 * 1024, 1024 * 1024)]
    public int Size { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _data = new byte[Size];
        new Random(42).NextBytes(_data);
        var keys = SetKeys.FromMasterKey(new byte[SetKeys.MasterKeySize]);
        _hmac = new HmacBlobIdHasher(keys.Id);
        _blake3 = new Blake3BlobIdHasher(keys.Id);
    }

    [Benchmark(Baseline = true)]
    public BlobId HmacSha256() => _hmac.Compute(_data);

    [Benchmark]
    public BlobId KeyedBlake3() => _blake3.Compute(_data);
}
