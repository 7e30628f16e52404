using System.Buffers.Binary;
using System.Security.Cryptography;
using MessagePack;
using MessagePack.Resolvers;
using RetroGrid.Core.Errors;

namespace RetroGrid.Core.Crypto;

/// <summary>
/// A set's master key, sealed (AES-256-GCM) under either a key derived from the recovery passphrase or the
/// controller's key-encryption key. Stored as <c>keys/&lt;id&gt;</c>: magic <c>RGKY</c> ‖ version (uint16 LE) ‖
/// MessagePack (integer keys). The wrap kind is bound as associated data, so a passphrase file can't be replayed as a
/// KEK file. Immutable; <see cref="Deserialize"/> treats its input as hostile.
/// </summary>
[MessagePackObject]
public sealed class KeyFile
{
    public const ushort FormatVersion = 1;

    /// <summary>A key file is under 200 bytes; anything much larger is not one, and is not worth parsing.</summary>
    public const int MaxSize = 4096;

    private const int HeaderSize = 6;

    private static ReadOnlySpan<byte> Magic => "RGKY"u8;

    private static readonly MessagePackSerializerOptions SerializerOptions = MessagePackSerializerOptions.Standard
        .WithResolver(StandardResolverAllowPrivate.Instance)
        .WithSecurity(MessagePackSecurity.UntrustedData);

    [SerializationConstructor]
    internal KeyFile(KeyWrapKind kind, KdfParameters? kdf, byte[]? salt, byte[] sealedMasterKey)
    {
        Kind = kind;
        Kdf = kdf;
        Salt = salt;
        SealedMasterKey = sealedMasterKey;
    }

    [Key(0)]
    public KeyWrapKind Kind { get; }

    /// <summary>The passphrase KDF's cost; null for a KEK file.</summary>
    [Key(1)]
    public KdfParameters? Kdf { get; }

    [Key(2)]
    internal byte[]? Salt { get; }

    /// <summary>nonce ‖ AES-256-GCM(master key) ‖ tag.</summary>
    [Key(3)]
    internal byte[] SealedMasterKey { get; }

    /// <summary>Names this file in errors (e.g. <c>keys/3f2a…</c>); not stored.</summary>
    [IgnoreMember]
    public string ObjectName { get; private set; } = "key file";

    public static KeyFile WrapWithPassphrase(ReadOnlySpan<byte> masterKey, string passphrase, KdfParameters? parameters = null)
    {
        CheckMasterKey(masterKey);
        ArgumentException.ThrowIfNullOrEmpty(passphrase);
        parameters ??= KdfParameters.Default;
        var salt = RandomNumberGenerator.GetBytes(PassphraseKdf.SaltSize);
        var kek = PassphraseKdf.DeriveKey(passphrase, salt, parameters);
        try
        {
            return new KeyFile(KeyWrapKind.Passphrase, parameters, salt, new AeadSealer(kek).Seal(masterKey, AssociatedData(KeyWrapKind.Passphrase)));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(kek);
        }
    }

    public static KeyFile WrapWithKek(ReadOnlySpan<byte> masterKey, ReadOnlySpan<byte> kek)
    {
        CheckMasterKey(masterKey);
        CheckKek(kek);
        return new KeyFile(KeyWrapKind.Kek, null, null, new AeadSealer(kek.ToArray()).Seal(masterKey, AssociatedData(KeyWrapKind.Kek)));
    }

    /// <summary>The master key; throws <see cref="RetroGridFormatException"/> (WrongKey) if the passphrase does not open this file.</summary>
    public byte[] Unwrap(string passphrase)
    {
        ArgumentNullException.ThrowIfNull(passphrase);
        if (Kind != KeyWrapKind.Passphrase)
        {
            throw new RetroGridFormatException(FormatErrorCodes.WrongKey, ObjectName, "this key file is sealed with the controller's key, not a passphrase.");
        }

        var kek = PassphraseKdf.DeriveKey(passphrase, Salt, Kdf!);
        try
        {
            return Open(kek, "the passphrase does not open it.");
        }
        finally
        {
            CryptographicOperations.ZeroMemory(kek);
        }
    }

    /// <summary>The master key; throws <see cref="RetroGridFormatException"/> (WrongKey) if <paramref name="kek"/> does not open this file.</summary>
    public byte[] UnwrapWithKek(ReadOnlySpan<byte> kek)
    {
        CheckKek(kek);
        if (Kind != KeyWrapKind.Kek)
        {
            throw new RetroGridFormatException(FormatErrorCodes.WrongKey, ObjectName, "this key file is sealed with a passphrase, not the controller's key.");
        }

        return Open(kek.ToArray(), "the key-encryption key does not open it.");
    }

    public byte[] Serialize()
    {
        var payload = MessagePackSerializer.Serialize(this, SerializerOptions);
        var bytes = new byte[HeaderSize + payload.Length];
        Magic.CopyTo(bytes);
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(4), FormatVersion);
        payload.CopyTo(bytes.AsSpan(HeaderSize));
        return bytes;
    }

    /// <summary>Reads a key file; any damage throws <see cref="RetroGridFormatException"/> naming <paramref name="objectName"/>.</summary>
    public static KeyFile Deserialize(ReadOnlySpan<byte> bytes, string objectName)
    {
        ArgumentNullException.ThrowIfNull(objectName);
        if (bytes.Length < HeaderSize || bytes.Length > MaxSize || !bytes[..4].SequenceEqual(Magic))
        {
            throw Corrupt(objectName, "it is not a RetroGrid key file (bad magic or size).");
        }

        var version = BinaryPrimitives.ReadUInt16LittleEndian(bytes[4..]);
        if (version != FormatVersion)
        {
            throw new RetroGridFormatException(FormatErrorCodes.UnsupportedVersion, objectName, $"key file version {version}; this build reads version {FormatVersion}.");
        }

        KeyFile? file;
        try
        {
            var payload = new ReadOnlyMemory<byte>(bytes[HeaderSize..].ToArray());
            file = MessagePackSerializer.Deserialize<KeyFile>(payload, SerializerOptions, out var read);
            if (read != payload.Length)
            {
                throw Corrupt(objectName, "bytes follow its payload.");
            }
        }
        catch (MessagePackSerializationException ex)
        {
            throw Corrupt(objectName, "its MessagePack payload does not decode.", ex);
        }

        if (file is null)
        {
            throw Corrupt(objectName, "its payload is nil.");
        }

        if (file.FindProblem() is { } problem)
        {
            throw Corrupt(objectName, problem);
        }

        file.ObjectName = objectName;
        return file;
    }

    public override string ToString() => $"KeyFile({Kind}, {ObjectName})";

    private string? FindProblem() =>
        SealedMasterKey is not { Length: SetKeys.MasterKeySize + AeadSealer.Overhead } ? "the sealed master key has the wrong length."
        : Kind switch
        {
            KeyWrapKind.Passphrase when Kdf is null => "a passphrase key file without KDF parameters.",
            KeyWrapKind.Passphrase when Salt is not { Length: PassphraseKdf.SaltSize } => "the KDF salt has the wrong length.",
            KeyWrapKind.Passphrase => Kdf.FindProblem(),
            KeyWrapKind.Kek when Kdf is not null || Salt is not null => "a KEK key file with passphrase parameters.",
            KeyWrapKind.Kek => null,
            _ => $"unknown key wrap kind {(int)Kind}.",
        };

    private byte[] Open(byte[] key, string wrongKeyDetail)
    {
        var masterKey = new byte[SetKeys.MasterKeySize];
        if (!new AeadSealer(key).TryOpen(SealedMasterKey, AssociatedData(Kind), masterKey))
        {
            throw new RetroGridFormatException(FormatErrorCodes.WrongKey, ObjectName, wrongKeyDetail);
        }

        return masterKey;
    }

    private static byte[] AssociatedData(KeyWrapKind kind) =>
        kind == KeyWrapKind.Passphrase ? "retrogrid/v1/keyfile/passphrase"u8.ToArray() : "retrogrid/v1/keyfile/kek"u8.ToArray();

    private static RetroGridFormatException Corrupt(string objectName, string detail, Exception? inner = null) =>
        new(FormatErrorCodes.CorruptObject, objectName, detail, inner);

    private static void CheckMasterKey(ReadOnlySpan<byte> masterKey)
    {
        if (masterKey.Length != SetKeys.MasterKeySize)
        {
            throw new ArgumentException($"A master key is {SetKeys.MasterKeySize} bytes.", nameof(masterKey));
        }
    }

    private static void CheckKek(ReadOnlySpan<byte> kek)
    {
        if (kek.Length != 32)
        {
            throw new ArgumentException("A key-encryption key is 32 bytes.", nameof(kek));
        }
    }
}
