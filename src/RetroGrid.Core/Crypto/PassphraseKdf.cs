using System.Security.Cryptography;
using System.Text;
using NSec.Cryptography;

namespace RetroGrid.Core.Crypto;

/// <summary>
/// Turns a recovery passphrase into a 32-byte key-encryption key with Argon2id (libsodium, through NSec.Cryptography:
/// it restored and ran here, and took 0.5 s where the managed Konscious.Security.Cryptography.Argon2 took 0.96 s at the
/// same cost (128 MiB, 3 passes, 1 lane); the defender's speed sets how much cost we can afford to ask of an attacker).
/// </summary>
internal static class PassphraseKdf
{
    /// <summary>libsodium's Argon2id takes exactly 16 bytes of salt.</summary>
    public const int SaltSize = 16;

    public const int KeySize = 32;

    public static byte[] DeriveKey(string passphrase, ReadOnlySpan<byte> salt, KdfParameters parameters)
    {
        ArgumentNullException.ThrowIfNull(passphrase);
        ArgumentNullException.ThrowIfNull(parameters);
        if (parameters.FindProblem() is { } problem)
        {
            throw new ArgumentException(problem, nameof(parameters));
        }

        var argon2 = PasswordBasedKeyDerivationAlgorithm.Argon2id(new Argon2Parameters
        {
            DegreeOfParallelism = parameters.Parallelism,
            MemorySize = parameters.MemoryKiB,
            NumberOfPasses = parameters.Iterations,
        });

        // NFC, so the same passphrase typed on macOS (which tends to decompose) and elsewhere gives the same key.
        var passwordBytes = Encoding.UTF8.GetBytes(passphrase.Normalize(NormalizationForm.FormC));
        try
        {
            return argon2.DeriveBytes(passwordBytes, salt, KeySize);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(passwordBytes);
        }
    }
}
