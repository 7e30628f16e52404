namespace RetroGrid.Core.Crypto;

/// <summary>What a key file's master key is sealed under. Stored as a number: never renumber.</summary>
public enum KeyWrapKind
{
    /// <summary>Never valid.</summary>
    Unspecified = 0,

    /// <summary>A key derived from the recovery passphrase with the file's <see cref="KdfParameters"/> and salt.</summary>
    Passphrase = 1,

    /// <summary>A 32-byte key-encryption key held by the controller.</summary>
    Kek = 2,
}
