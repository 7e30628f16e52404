using ZstdSharp;

namespace RetroGrid.Core.Compression;

/// <summary>
/// zstd through ZstdSharp.Port. Measured against the native wrappers ZstdNet and IronCompress on 1 MiB blobs
/// (tests/RetroGrid.Benchmarks/Compression), it was as fast within this machine's noise (level 3 text: 3.97 ms vs
/// ZstdNet 3.81 ms to compress, 1.05 ms vs 1.18 ms to decompress) and, being managed, needs no native library per
/// platform and cannot crash the process on hostile input. Thread-safe: contexts come from a pool.
/// </summary>
internal sealed class ZstdBlobCompressor : IBlobCompressor
{
    private readonly ContextPool<Compressor> _compressors;
    private readonly ContextPool<Decompressor> _decompressors = new(() => new Decompressor());

    public ZstdBlobCompressor(int level)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(level, Compressor.MinCompressionLevel);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(level, Compressor.MaxCompressionLevel);
        _compressors = new ContextPool<Compressor>(() => new Compressor(level));
    }

    public int TryCompress(ReadOnlySpan<byte> raw, Span<byte> destination)
    {
        var compressor = _compressors.Rent();
        try
        {
            // A destination smaller than the bound is allowed: zstd stops as soon as the output would not fit.
            return compressor.TryWrap(raw, destination, out var written) && written < raw.Length ? written : -1;
        }
        finally
        {
            _compressors.Return(compressor);
        }
    }

    public bool TryDecompress(ReadOnlySpan<byte> compressed, Span<byte> raw)
    {
        // One-shot decompression writes only into `raw` and keeps its history there, so a frame that claims a huge
        // content or window size cannot make it allocate: it fails with "destination too small" instead.
        var decompressor = _decompressors.Rent();
        try
        {
            return decompressor.TryUnwrap(compressed, raw, out var written) && written == raw.Length;
        }
        catch (ZstdException)
        {
            return false;
        }
        finally
        {
            _decompressors.Return(decompressor);
        }
    }
}
