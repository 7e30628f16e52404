using System.Security.Cryptography;

namespace RetroGrid.Dropbox;

/// <summary>
/// Dropbox's <c>content_hash</c> as a streaming hasher: SHA-256 of each 4 MiB block, then SHA-256 of the concatenated
/// block digests, as lower-case hex. Feed any slicing of the bytes; the result only depends on their concatenation.
/// </summary>
public sealed class DropboxContentHasher : IDisposable
{
    /// <summary>The Dropbox block size, 4 MiB.</summary>
    public const int BlockSize = 4 * 1024 * 1024;

    /// <summary>The size of one block digest (SHA-256), 32 bytes.</summary>
    internal const int DigestSize = 32;

    private readonly IncrementalHash _block = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private readonly IncrementalHash _overall = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private int _blockFill;

    /// <summary>The number of bytes hashed since creation or the last <see cref="GetHashAndReset"/>.</summary>
    public long Length { get; private set; }

    /// <summary>The content hash of <paramref name="data"/>.</summary>
    public static string Compute(ReadOnlySpan<byte> data)
    {
        using var hasher = new DropboxContentHasher();
        hasher.Append(data);
        return hasher.GetHashAndReset();
    }

    /// <summary>The content hash of the rest of <paramref name="stream"/>, read in 1 MiB pieces.</summary>
    public static async Task<string> ComputeAsync(Stream stream, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var hasher = new DropboxContentHasher();
        var buffer = new byte[1024 * 1024];
        int read;
        while ((read = await stream.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
        {
            hasher.Append(buffer.AsSpan(0, read));
        }

        return hasher.GetHashAndReset();
    }

    public void Append(ReadOnlySpan<byte> data)
    {
        if (data.IsEmpty)
        {
            return;
        }

        if (_blockFill < 0)
        {
            throw new InvalidOperationException("Bytes cannot follow a short block appended as a digest.");
        }

        while (!data.IsEmpty)
        {
            var take = Math.Min(data.Length, BlockSize - _blockFill);
            _block.AppendData(data[..take]);
            _blockFill += take;
            Length += take;
            data = data[take..];
            if (_blockFill == BlockSize)
            {
                FinishBlock();
            }
        }
    }

    /// <summary>Returns the hash of everything appended and starts over.</summary>
    public string GetHashAndReset()
    {
        if (_blockFill > 0)
        {
            FinishBlock();
        }

        _blockFill = 0;
        Span<byte> digest = stackalloc byte[32];
        _overall.GetHashAndReset(digest);
        Length = 0;
        return Convert.ToHexStringLower(digest);
    }

    /// <summary>True when no partial block is pending, so whole block digests can be appended.</summary>
    internal bool IsBlockAligned => _blockFill == 0;

    /// <summary>
    /// Hashes a chunk once and yields both its own content hash and its block digests, so a caller can feed the
    /// digests into a whole-file hasher (<see cref="AppendBlockDigests"/>) without hashing the bytes twice.
    /// </summary>
    internal static string ComputeWithBlockDigests(ReadOnlySpan<byte> data, out byte[] blockDigests)
    {
        blockDigests = new byte[BlockCount(data.Length) * DigestSize];
        for (var offset = 0; offset < data.Length; offset += BlockSize)
        {
            HashBlock(data.Slice(offset, Math.Min(BlockSize, data.Length - offset)), blockDigests, offset);
        }

        return CombineBlockDigests(blockDigests);
    }

    /// <summary>The number of 4 MiB blocks (the last one possibly short) in <paramref name="length"/> bytes.</summary>
    internal static int BlockCount(long length) => (int)((length + BlockSize - 1) / BlockSize);

    /// <summary>Writes the digest of the block that starts at byte <paramref name="offset"/> of its chunk into its slot.</summary>
    internal static void HashBlock(ReadOnlySpan<byte> block, Span<byte> blockDigests, int offset) =>
        SHA256.HashData(block, blockDigests.Slice(offset / BlockSize * DigestSize, DigestSize));

    /// <summary>The content hash of a chunk from its block digests.</summary>
    internal static string CombineBlockDigests(ReadOnlySpan<byte> blockDigests) => Convert.ToHexStringLower(SHA256.HashData(blockDigests));

    /// <summary>Appends digests from <see cref="ComputeWithBlockDigests"/> for <paramref name="length"/> bytes; needs block alignment.</summary>
    internal void AppendBlockDigests(ReadOnlySpan<byte> blockDigests, long length)
    {
        if (!IsBlockAligned)
        {
            throw new InvalidOperationException("Block digests can only be appended on a block boundary.");
        }

        _overall.AppendData(blockDigests);
        Length += length;
        if (length % BlockSize != 0)
        {
            // A short last block ends the aligned run: nothing may follow but GetHashAndReset.
            _blockFill = -1;
        }
    }

    public void Dispose()
    {
        _block.Dispose();
        _overall.Dispose();
    }

    private void FinishBlock()
    {
        Span<byte> digest = stackalloc byte[32];
        _block.GetHashAndReset(digest);
        _overall.AppendData(digest);
        _blockFill = 0;
    }
}
