using System.Security.Cryptography;

namespace RetroGrid.Core.Crypto;

/// <summary>
/// AES-256-GCM with a random 96-bit nonce per message. Sealed layout: nonce (12) ‖ ciphertext ‖ tag (16).
/// Associated data (e.g. blob id and type) is authenticated but not stored, so a blob moved under another id fails to open.
/// </summary>
public sealed class AeadSealer
{
    public const int NonceSize = 12;
    public const int TagSize = 16;
    public const int Overhead = NonceSize + TagSize;

    private readonly byte[] _key;

    public AeadSealer(byte[] key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (key.Length != 32)
        {
            throw new ArgumentException("AES-256-GCM needs a 32-byte key.", nameof(key));
        }

        _key = key;
    }

    /// <summary>
    /// Seals in place: <paramref name="sealedData"/> holds room for the nonce, then the plaintext, then room for the
    /// tag; afterwards it is the sealed form <see cref="Seal(ReadOnlySpan{byte}, ReadOnlySpan{byte}, Span{byte})"/> writes.
    /// </summary>
    public void SealInPlace(Span<byte> sealedData, ReadOnlySpan<byte> associatedData)
    {
        if (sealedData.Length < Overhead)
        {
            throw new ArgumentException("The buffer must hold at least the nonce and the tag.", nameof(sealedData));
        }

        var nonce = sealedData[..NonceSize];
        RandomNumberGenerator.Fill(nonce);
        var body = sealedData[NonceSize..^TagSize];
        using var aes = new AesGcm(_key, TagSize);
        aes.Encrypt(nonce, body, body, sealedData[^TagSize..], associatedData);
    }

    /// <summary>Seals <paramref name="plaintext"/> into <paramref name="destination"/> (exactly plaintext + <see cref="Overhead"/> bytes).</summary>
    public void Seal(ReadOnlySpan<byte> plaintext, ReadOnlySpan<byte> associatedData, Span<byte> destination)
    {
        if (destination.Length != plaintext.Length + Overhead)
        {
            throw new ArgumentException("The destination must be exactly plaintext + Overhead bytes.", nameof(destination));
        }

        var nonce = destination[..NonceSize];
        RandomNumberGenerator.Fill(nonce);
        // AesGcm is not safe for concurrent use; one per call keeps the sealer shareable across pipeline workers.
        using var aes = new AesGcm(_key, TagSize);
        aes.Encrypt(nonce, plaintext, destination[NonceSize..^TagSize], destination[^TagSize..], associatedData);
    }

    public byte[] Seal(ReadOnlySpan<byte> plaintext, ReadOnlySpan<byte> associatedData)
    {
        var sealedData = new byte[plaintext.Length + Overhead];
        Seal(plaintext, associatedData, sealedData);
        return sealedData;
    }

    /// <summary>
    /// Opens sealed data into <paramref name="plaintext"/> (exactly sealed − <see cref="Overhead"/> bytes).
    /// False when the data is too short, was altered, or the key or associated data differ.
    /// </summary>
    public bool TryOpen(ReadOnlySpan<byte> sealedData, ReadOnlySpan<byte> associatedData, Span<byte> plaintext)
    {
        if (sealedData.Length < Overhead || plaintext.Length != sealedData.Length - Overhead)
        {
            return false;
        }

        using var aes = new AesGcm(_key, TagSize);
        try
        {
            aes.Decrypt(sealedData[..NonceSize], sealedData[NonceSize..^TagSize], sealedData[^TagSize..], plaintext, associatedData);
            return true;
        }
        catch (AuthenticationTagMismatchException)
        {
            plaintext.Clear();
            return false;
        }
    }
}
