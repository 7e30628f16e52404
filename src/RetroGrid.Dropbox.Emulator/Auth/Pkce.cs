using System.Security.Cryptography;
using System.Text;

namespace RetroGrid.Dropbox.Emulator.Auth;

/// <summary>RFC 7636 verification of a code_verifier against the stored challenge.</summary>
internal static class Pkce
{
    public static bool Verify(string challenge, string method, string verifier)
    {
        var expected = method == "S256"
            ? Base64Url(SHA256.HashData(Encoding.ASCII.GetBytes(verifier)))
            : verifier;
        return CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(challenge));
    }

    public static string Base64Url(ReadOnlySpan<byte> bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static string RandomToken(int bytes) => Base64Url(RandomNumberGenerator.GetBytes(bytes));
}
