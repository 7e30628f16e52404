using System.Security.Cryptography;

namespace RetroGrid.Core.Hashing;

/// <summary>Blob ids as HMAC-SHA-256 of the plaintext under the set's id key.</summary>
public sealed class HmacBlobIdHasher : IBlobIdHasher
{
    private readonly byte[] _key;

    public HmacBlobIdHasher(byte[] key)
    {
        ArgumentNullException.ThrowIfNull(key);
        _key = key;
    }

    public BlobId Compute(ReadOnlySpan<byte> plaintext)
    {
        Span<byte> digest = stackalloc byte[BlobId.Size];
        HMACSHA256.HashData(_key, plaintext, digest);
        return BlobId.FromBytes(digest);
    }
}
