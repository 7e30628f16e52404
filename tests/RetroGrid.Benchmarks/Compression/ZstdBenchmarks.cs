using BenchmarkDotNet.Attributes;
using IronCompress;
using RetroGrid.Core.Compression;

namespace RetroGrid.Benchmarks.Compression;

// Results (2-core AMD EPYC, AVX-512, .NET 10.0.12, ShortRun, 1 MiB blob; shared machine, so noisy: StdDev up to 10 %).
// dotnet run -c Release --project tests/RetroGrid.Benchmarks -p:ArtifactsPath=/tmp/rg-prim -- --filter "*Zstd*"
// Ratio: text level 1 = 3.81, level 3 = 4.02; random = 1.00 (BlobCompressors returns -1: stored raw).
// | Method                 | Data   | Level | Mean         | (MB/s of raw) |
// |----------------------- |------- |------ |-------------:|--------------:|
// | ZstdSharpCompress      | text   | 1     |  3,033.03 us |   346 |
// | ZstdNetCompress        | text   | 1     |  3,928.90 us |   267 |
// | IronCompressCompress   | text   | 1     |  2,947.96 us |   356 | (BCL level Fastest)
// | ZstdSharpDecompress    | text   | 1     |    868.74 us |  1207 |
// | ZstdNetDecompress      | text   | 1     |  1,249.81 us |   839 |
// | IronCompressDecompress | text   | 1     |    872.95 us |  1201 |
// | ZstdSharpCompress      | text   | 3     |  3,966.12 us |   264 |
// | ZstdNetCompress        | text   | 3     |  3,808.48 us |   275 |
// | IronCompressCompress   | text   | 3     | 17,987.12 us |    58 | (BCL level Optimal: a much higher zstd level)
// | ZstdSharpDecompress    | text   | 3     |  1,052.89 us |   996 |
// | ZstdNetDecompress      | text   | 3     |  1,178.52 us |   890 |
// | IronCompressDecompress | text   | 3     |    767.94 us |  1365 |
// | ZstdSharpCompress      | random | 1     |    188.63 us |  5559 |
// | ZstdNetCompress        | random | 1     |    370.48 us |  2830 |
// | ZstdSharpCompress      | random | 3     |    215.13 us |  4874 |
// | ZstdNetCompress        | random | 3     |    159.44 us |  6577 |
// | *Decompress            | random | 1, 3  |   24–56 us   | (stored blocks: a copy) |
// No allocation in any zstd call (IronCompress: 48 B per call). Choice: ZstdSharp.Port — on par with native libzstd
// within the noise, managed (no native library per platform). Level 1 compresses ~25 % faster than 3 for ~5 % less ratio.

/// <summary>
/// zstd packages that restore and run on linux-x64 here, on 1 MiB blobs: ZstdSharp.Port (managed), ZstdNet and
/// IronCompress (both native libzstd). Zstandard.Net is left out: it ships only Windows DLLs and works on Linux only by
/// finding another package's or the system's libzstd, and its API is stream-only. Ratios are printed by GlobalSetup.
/// </summary>
[ShortRunJob]
[MemoryDiagnoser]
public class ZstdBenchmarks
{
    private const int BlobSize = 1024 * 1024;

    private byte[] _raw = [];
    private byte[] _compressed = [];
    private byte[] _destination = [];
    private byte[] _restored = [];
    private ZstdSharp.Compressor _sharpCompressor = null!;
    private ZstdSharp.Decompressor _sharpDecompressor = null!;
    private ZstdNet.Compressor _netCompressor = null!;
    private ZstdNet.Decompressor _netDecompressor = null!;
    private Iron _iron = null!;

    [Params("text", "random")]
    public string Data { get; set; } = "text";

    [Params(1, 3)]
    public int Level { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _raw = BenchmarkData.Create(Data, BlobSize);
        _sharpCompressor = new ZstdSharp.Compressor(Level);
        _sharpDecompressor = new ZstdSharp.Decompressor();
        _netCompressor = new ZstdNet.Compressor(new ZstdNet.CompressionOptions(Level));
        _netDecompressor = new ZstdNet.Decompressor();
        _iron = new Iron();
        _destination = new byte[ZstdSharp.Compressor.GetCompressBound(BlobSize)];
        _restored = new byte[BlobSize];
        _compressed = _sharpCompressor.Wrap(_raw).ToArray();
        var core = BlobCompressors.Create(Level);
        var coreLength = core.TryCompress(_raw, _destination);
        Console.WriteLine(
            $"// RATIO data={Data} level={Level}: zstd {(double)_raw.Length / _compressed.Length:F2}, " +
            $"BlobCompressors {(coreLength < 0 ? "stored raw (-1)" : ((double)_raw.Length / coreLength).ToString("F2", System.Globalization.CultureInfo.InvariantCulture))}");
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _sharpCompressor.Dispose();
        _sharpDecompressor.Dispose();
        _netCompressor.Dispose();
        _netDecompressor.Dispose();
    }

    [Benchmark(Baseline = true)]
    public int ZstdSharpCompress() => _sharpCompressor.Wrap(_raw, _destination);

    [Benchmark]
    public int ZstdNetCompress() => _netCompressor.Wrap(_raw, _destination);

    [Benchmark]
    public int IronCompressCompress()
    {
        // IronCompress exposes only the BCL's three levels; Fastest ≈ zstd 1, Optimal ≈ zstd 3.
        var level = Level <= 1 ? System.IO.Compression.CompressionLevel.Fastest : System.IO.Compression.CompressionLevel.Optimal;
        using var result = _iron.Compress(Codec.Zstd, _raw, null, level);
        return result.AsSpan().Length;
    }

    [Benchmark]
    public int ZstdSharpDecompress() => _sharpDecompressor.Unwrap(_compressed, _restored);

    [Benchmark]
    public int ZstdNetDecompress() => _netDecompressor.Unwrap(_compressed, _restored, bufferSizePrecheck: false);

    [Benchmark]
    public int IronCompressDecompress()
    {
        using var result = _iron.Decompress(Codec.Zstd, _compressed, BlobSize);
        return result.AsSpan().Length;
    }
}
