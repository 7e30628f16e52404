namespace RetroGrid.Core.Crypto;

/// <summary>The passphrase key-derivation function of a key file. Stored as a number: never renumber.</summary>
public enum KdfAlgorithm
{
    /// <summary>Never valid: a zero read from a damaged file must not pass for a real algorithm.</summary>
    Unspecified = 0,

    /// <summary>Argon2id (RFC 9106) through libsodium.</summary>
    Argon2id = 1,
}
