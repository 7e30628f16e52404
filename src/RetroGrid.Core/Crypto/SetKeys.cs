using System.Security.Cryptography;
using System.Text;

namespace RetroGrid.Core.Crypto;

/// <summary>
/// The keys of one backup set, derived with HKDF-SHA-256 from its 32-byte master key, each for one purpose so that
/// a key is never used in two roles: blob contents and trees, blob ids (keyed hash), and repository metadata
/// (pack indexes, snapshots, config).
/// </summary>
public sealed class SetKeys
{
    public const int MasterKeySize = 32;

    private SetKeys(byte[] masterKey)
    {
        Data = Derive(masterKey, "retrogrid/v1/data");
        Id = Derive(masterKey, "retrogrid/v1/id");
        Metadata = Derive(masterKey, "retrogrid/v1/metadata");
    }

    /// <summary>AES-256-GCM key for blobs (file chunks and trees).</summary>
    internal byte[] Data { get; }

    /// <summary>Key of the keyed hash that names blobs.</summary>
    internal byte[] Id { get; }

    /// <summary>AES-256-GCM key for pack indexes, snapshots and the set config.</summary>
    internal byte[] Metadata { get; }

    public static SetKeys FromMasterKey(ReadOnlySpan<byte> masterKey)
    {
        if (masterKey.Length != MasterKeySize)
        {
            throw new ArgumentException($"A master key is {MasterKeySize} bytes.", nameof(masterKey));
        }

        return new SetKeys(masterKey.ToArray());
    }

    /// <summary>A fresh random master key for a new set.</summary>
    public static byte[] CreateMasterKey() => RandomNumberGenerator.GetBytes(MasterKeySize);

    public override string ToString() => "SetKeys(***)";

    private static byte[] Derive(byte[] masterKey, string purpose) =>
        HKDF.DeriveKey(HashAlgorithmName.SHA256, masterKey, 32, salt: [], info: Encoding.ASCII.GetBytes(purpose));
}
