namespace RetroGrid.Core.Compression;

/// <summary>The blob compression of the format: zstd, chosen by measurement (tests/RetroGrid.Benchmarks/Compression).</summary>
public static class BlobCompressors
{
    /// <summary>Level 3 is zstd's own default: most of the ratio of higher levels at several times their speed.</summary>
    public const int DefaultLevel = 3;

    /// <summary>A thread-safe zstd compressor at <paramref name="level"/> (zstd's range; negative levels are faster still).</summary>
    public static IBlobCompressor Create(int level = DefaultLevel) => new ZstdBlobCompressor(level);
}
