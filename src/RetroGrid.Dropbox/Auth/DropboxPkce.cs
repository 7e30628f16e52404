using System.Security.Cryptography;
using System.Text;

namespace RetroGrid.Dropbox;

/// <summary>PKCE (RFC 7636) helpers: a CSPRNG code verifier, its S256 challenge, and an OAuth <c>state</c>.</summary>
public static class DropboxPkce
{
    // RFC 7636 §4.1 unreserved characters. 66 symbols; rejection sampling keeps the choice uniform.
    private const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~";

    /// <summary>A fresh code verifier of <paramref name="length"/> characters (43–128) from the RFC 7636 alphabet.</summary>
    public static string CreateCodeVerifier(int length = 128)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(length, 43);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(length, 128);
        return RandomNumberGenerator.GetString(Alphabet, length);
    }

    /// <summary>The S256 challenge: BASE64URL(SHA-256(ASCII(verifier))) without padding.</summary>
    public static string ComputeS256Challenge(string codeVerifier)
    {
        ArgumentException.ThrowIfNullOrEmpty(codeVerifier);
        return Base64UrlEncode(SHA256.HashData(Encoding.ASCII.GetBytes(codeVerifier)));
    }

    /// <summary>A random <c>state</c> value (32 bytes, base64url) for CSRF protection.</summary>
    public static string CreateState() => Base64UrlEncode(RandomNumberGenerator.GetBytes(32));

    private static string Base64UrlEncode(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
