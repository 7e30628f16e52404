namespace RetroGrid.Core.Compression;

/// <summary>The blob compression of the format: zstd, chosen by measurement (tests/RetroGrid.Benchmarks/Compression).</summary>
public static class BlobCompressors
{
    /// <summary>
    /// Level 1: on the side-by-side data set it made the first backup ~25 % faster than level 3 (zstd's own default;
    /// 7.3–7.8 s against 9.7–10.0 s) for a set a few per cent larger; compression was the costliest stage. A set's
    /// level is fixed in its config at init, and every level reads back the same.
    /// </summary>
    public const int DefaultLevel = 1;

    /// <summary>A thread-safe zstd compressor at <paramref name="level"/> (zstd's range; negative levels are faster still).</summary>
    public static IBlobCompressor Create(int level = DefaultLevel) => new ZstdBlobCompressor(level);
}
