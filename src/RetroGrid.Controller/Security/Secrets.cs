using System.Security.Cryptography;
using System.Text;

namespace RetroGrid.Controller.Security;

/// <summary>
/// Secrets the controller hands out (enrollment tokens, admin credentials): 32 random bytes, shown once, stored only
/// as a SHA-256 hash. A fast hash is enough because the secrets are random, not chosen by people: there is nothing
/// to guess a dictionary from.
/// </summary>
internal static class Secrets
{
    /// <summary>A new secret with a readable prefix naming its kind (e.g. "rg-enroll-…"), so a leaked one is recognisable.</summary>
    public static string Create(string prefix) => $"{prefix}{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32))}";

    public static string Hash(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));
}
