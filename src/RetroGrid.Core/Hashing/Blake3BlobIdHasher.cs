using Blake3;

namespace RetroGrid.Core.Hashing;

/// <summary>
/// Blob ids as keyed BLAKE3 (BLAKE3's own keyed mode, not HMAC) of the plaintext under the set's 32-byte id key.
/// Thread-safe: every call uses its own hasher state, so pipeline workers can share one instance.
/// </summary>
public sealed class Blake3BlobIdHasher : IBlobIdHasher
{
    /// <summary>BLAKE3's keyed mode takes exactly 32 bytes of key.</summary>
    public const int KeySize = 32;

    private readonly byte[] _key;

    public Blake3BlobIdHasher(byte[] key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (key.Length != KeySize)
        {
            throw new ArgumentException($"Keyed BLAKE3 needs a {KeySize}-byte key.", nameof(key));
        }

        _key = key;
    }

    public BlobId Compute(ReadOnlySpan<byte> plaintext)
    {
        // One small hasher object per blob: negligible next to hashing 64 KiB–4 MiB, and no shared mutable state.
        using var hasher = Hasher.NewKeyed(_key);
        hasher.Update(plaintext);
        Span<byte> digest = stackalloc byte[BlobId.Size];
        hasher.Finalize(digest);
        return BlobId.FromBytes(digest);
    }
}
