using System.Security.Cryptography;
using System.Text;

namespace RetroGrid.Controller.Security;

/// <summary>
/// Seals what the catalog must keep secret (refresh tokens, legacy tokens, set master keys, PKCE verifiers) under the
/// key-encryption key: AES-256-GCM, random nonce, and the secret's purpose (e.g. "refresh-token:set-…") as associated
/// data, so a sealed value copied into another row or column does not open. A stolen catalog alone reveals nothing.
/// </summary>
internal sealed class SecretVault
{
    private const int NonceSize = 12;
    private const int TagSize = 16;

    private readonly byte[] _key;

    private SecretVault(byte[] key) => _key = key;

    public static SecretVault Load(ControllerPaths paths)
    {
        var key = File.ReadAllBytes(paths.KeyEncryptionKey);
        return key.Length == 32
            ? new SecretVault(key)
            : throw new ControllerException(ControllerErrorCodes.NotInitialized, $"{paths.KeyEncryptionKey} is not a 32-byte key.");
    }

    /// <summary>Seals <paramref name="plaintext"/> for <paramref name="purpose"/>; the result is text for a catalog column.</summary>
    public string Seal(string purpose, ReadOnlySpan<byte> plaintext)
    {
        var sealedBytes = new byte[NonceSize + plaintext.Length + TagSize];
        var nonce = sealedBytes.AsSpan(0, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(_key, TagSize);
        aes.Encrypt(nonce, plaintext, sealedBytes.AsSpan(NonceSize, plaintext.Length), sealedBytes.AsSpan(NonceSize + plaintext.Length), Encoding.UTF8.GetBytes(purpose));
        return Convert.ToBase64String(sealedBytes);
    }

    public string Seal(string purpose, string plaintext) => Seal(purpose, Encoding.UTF8.GetBytes(plaintext));

    /// <summary>Opens a value sealed for <paramref name="purpose"/>.</summary>
    /// <exception cref="CryptographicException">Altered, sealed for another purpose, or under another key.</exception>
    public byte[] Open(string purpose, string sealedValue)
    {
        var sealedBytes = Convert.FromBase64String(sealedValue);
        if (sealedBytes.Length < NonceSize + TagSize)
        {
            throw new CryptographicException("The sealed value is too short.");
        }

        var plaintext = new byte[sealedBytes.Length - NonceSize - TagSize];
        using var aes = new AesGcm(_key, TagSize);
        aes.Decrypt(sealedBytes.AsSpan(0, NonceSize), sealedBytes.AsSpan(NonceSize, plaintext.Length), sealedBytes.AsSpan(NonceSize + plaintext.Length), plaintext, Encoding.UTF8.GetBytes(purpose));
        return plaintext;
    }

    public string OpenText(string purpose, string sealedValue) => Encoding.UTF8.GetString(Open(purpose, sealedValue));
}
