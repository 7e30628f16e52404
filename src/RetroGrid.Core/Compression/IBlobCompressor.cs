namespace RetroGrid.Core.Compression;

/// <summary>Compresses blobs before they are sealed. Input to <see cref="TryDecompress"/> is untrusted.</summary>
public interface IBlobCompressor
{
    /// <summary>
    /// Compresses into <paramref name="destination"/> and returns the compressed length, or −1 when the result would not
    /// fit there or not be smaller than the input (the blob is then stored raw).
    /// </summary>
    int TryCompress(ReadOnlySpan<byte> raw, Span<byte> destination);

    /// <summary>
    /// Decompresses into <paramref name="raw"/>, whose length is the raw length recorded in the pack index. False when
    /// the input is damaged or does not decompress to exactly that length; never throws on bad input, never overruns.
    /// </summary>
    bool TryDecompress(ReadOnlySpan<byte> compressed, Span<byte> raw);
}
