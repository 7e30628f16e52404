using System.Buffers.Binary;
using RetroGrid.Core.Crypto;
using RetroGrid.Core.Errors;

namespace RetroGrid.Core.Tests.Crypto;

public class KeyFileTests
{
    // Argon2id at its cheapest: the tests check the wrapping, not the cost.
    private static readonly KdfParameters Cheap = new(KdfAlgorithm.Argon2id, 64, 1, 1);

    [Fact]
    public void WrapWithPassphrase_SerializeDeserializeUnwrap_RoundTrips()
    {
        var masterKey = SetKeys.CreateMasterKey();

        var bytes = KeyFile.WrapWithPassphrase(masterKey, "correct horse battery staple", Cheap).Serialize();
        var file = KeyFile.Deserialize(bytes, "keys/a1");

        Assert.Equal(KeyWrapKind.Passphrase, file.Kind);
        Assert.Equal(Cheap, file.Kdf);
        Assert.Equal("keys/a1", file.ObjectName);
        Assert.Equal(masterKey, file.Unwrap("correct horse battery staple"));
    }

    [Fact]
    public void Unwrap_PassphraseInOtherUnicodeNormalForm_Opens()
    {
        var masterKey = SetKeys.CreateMasterKey();
        var file = KeyFile.WrapWithPassphrase(masterKey, "caf\u00e9", Cheap);

        Assert.Equal(masterKey, file.Unwrap("cafe\u0301"));
    }

    [Fact]
    public void Unwrap_WrongPassphrase_ThrowsWrongKey()
    {
        var file = KeyFile.WrapWithPassphrase(SetKeys.CreateMasterKey(), "right", Cheap);

        var ex = Assert.Throws<RetroGridFormatException>(() => file.Unwrap("wrong"));
        Assert.Equal(FormatErrorCodes.WrongKey, ex.Code);
        Assert.Equal("key file", ex.ObjectName);
    }

    [Fact]
    public void WrapWithKek_RoundTrips_AndWrongKekThrowsWrongKey()
    {
        var masterKey = SetKeys.CreateMasterKey();
        var kek = SetKeys.CreateMasterKey();

        var file = KeyFile.Deserialize(KeyFile.WrapWithKek(masterKey, kek).Serialize(), "keys/b2");

        Assert.Equal(KeyWrapKind.Kek, file.Kind);
        Assert.Null(file.Kdf);
        Assert.Equal(masterKey, file.UnwrapWithKek(kek));
        var ex = Assert.Throws<RetroGridFormatException>(() => file.UnwrapWithKek(SetKeys.CreateMasterKey()));
        Assert.Equal(FormatErrorCodes.WrongKey, ex.Code);
        Assert.Equal("keys/b2", ex.ObjectName);
    }

    [Fact]
    public void Unwrap_WithTheOtherKind_ThrowsWrongKey()
    {
        var kekFile = KeyFile.WrapWithKek(SetKeys.CreateMasterKey(), new byte[32]);
        var passphraseFile = KeyFile.WrapWithPassphrase(SetKeys.CreateMasterKey(), "pw", Cheap);

        Assert.Equal(FormatErrorCodes.WrongKey, Assert.Throws<RetroGridFormatException>(() => kekFile.Unwrap("pw")).Code);
        Assert.Equal(FormatErrorCodes.WrongKey, Assert.Throws<RetroGridFormatException>(() => passphraseFile.UnwrapWithKek(new byte[32])).Code);
    }

    [Fact]
    public void Wrap_BadArguments_Throw()
    {
        Assert.Throws<ArgumentException>(() => KeyFile.WrapWithKek(new byte[31], new byte[32]));
        Assert.Throws<ArgumentException>(() => KeyFile.WrapWithKek(new byte[32], new byte[16]));
        Assert.Throws<ArgumentException>(() => KeyFile.WrapWithPassphrase(new byte[32], "", Cheap));
        Assert.Throws<ArgumentException>(() => KeyFile.WrapWithPassphrase(new byte[32], "pw", Cheap with { Parallelism = 4 }));
    }

    [Fact]
    public void Default_IsArgon2idWithRealCost() =>
        Assert.Equal(new KdfParameters(KdfAlgorithm.Argon2id, 64 * 1024, 3, 1), KdfParameters.Default);

    [Fact]
    public void Deserialize_NewerVersion_ThrowsUnsupportedVersion()
    {
        var bytes = KeyFile.WrapWithKek(SetKeys.CreateMasterKey(), new byte[32]).Serialize();
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(4), 2);

        var ex = Assert.Throws<RetroGridFormatException>(() => KeyFile.Deserialize(bytes, "keys/c3"));
        Assert.Equal(FormatErrorCodes.UnsupportedVersion, ex.Code);
    }

    [Fact]
    public void Deserialize_EveryTruncation_ThrowsCorrupt()
    {
        var bytes = KeyFile.WrapWithPassphrase(SetKeys.CreateMasterKey(), "pw", Cheap).Serialize();

        for (var length = 0; length < bytes.Length; length++)
        {
            var ex = Assert.Throws<RetroGridFormatException>(() => KeyFile.Deserialize(bytes.AsSpan(0, length), "keys/d4"));
            Assert.Equal(FormatErrorCodes.CorruptObject, ex.Code);
            Assert.Equal("keys/d4", ex.ObjectName);
        }
    }

    [Fact]
    public void Deserialize_RandomAndMutatedBytes_ThrowOnlyFormatErrors()
    {
        var valid = KeyFile.WrapWithPassphrase(SetKeys.CreateMasterKey(), "pw", Cheap).Serialize();
        var random = new Random(3);

        for (var i = 0; i < 5000; i++)
        {
            byte[] input;
            if (i % 2 == 0)
            {
                input = new byte[random.Next(0, 200)];
                random.NextBytes(input);
                "RGKY\u0001\u0000"u8[..Math.Min(6, input.Length)].CopyTo(input);
            }
            else
            {
                input = (byte[])valid.Clone();
                input[random.Next(6, input.Length)] ^= (byte)random.Next(1, 256);
            }

            try
            {
                var file = KeyFile.Deserialize(input, "keys/e5");
                // A flip inside the salt, nonce or ciphertext still parses: it must then fail to open, as WrongKey.
                var ex = Assert.Throws<RetroGridFormatException>(() => file.Unwrap("pw"));
                Assert.Equal(FormatErrorCodes.WrongKey, ex.Code);
            }
            catch (RetroGridFormatException ex)
            {
                Assert.Contains(ex.Code, new[] { FormatErrorCodes.CorruptObject, FormatErrorCodes.UnsupportedVersion });
            }
        }
    }

    [Theory]
    [InlineData(KdfParameters.MaxMemoryKiB + 1, 1, 1)]
    [InlineData(64, KdfParameters.MaxIterations + 1, 1)]
    [InlineData(64, 1, 8)]
    [InlineData(4, 1, 1)]
    public void Deserialize_KdfCostOutOfBounds_ThrowsCorruptBeforeDerivingAnything(int memoryKiB, int iterations, int parallelism)
    {
        // A tampered file must not make an unwrap allocate gigabytes or spin for hours: it is rejected on read.
        var hostile = new KeyFile(
            KeyWrapKind.Passphrase, new KdfParameters(KdfAlgorithm.Argon2id, memoryKiB, iterations, parallelism), new byte[16], new byte[60]);

        var ex = Assert.Throws<RetroGridFormatException>(() => KeyFile.Deserialize(hostile.Serialize(), "keys/f6"));
        Assert.Equal(FormatErrorCodes.CorruptObject, ex.Code);
    }

    [Fact]
    public void Deserialize_InconsistentFields_ThrowCorrupt()
    {
        KeyFile[] hostile =
        [
            new(KeyWrapKind.Kek, Cheap, null, new byte[60]),
            new(KeyWrapKind.Passphrase, null, new byte[16], new byte[60]),
            new(KeyWrapKind.Passphrase, Cheap, new byte[15], new byte[60]),
            new(KeyWrapKind.Kek, null, null, new byte[59]),
            new((KeyWrapKind)7, null, null, new byte[60]),
            new(KeyWrapKind.Passphrase, Cheap with { Algorithm = KdfAlgorithm.Unspecified }, new byte[16], new byte[60]),
        ];

        Assert.All(hostile, h => Assert.Equal(
            FormatErrorCodes.CorruptObject,
            Assert.Throws<RetroGridFormatException>(() => KeyFile.Deserialize(h.Serialize(), "keys/g7")).Code));
    }

    [Fact]
    public void ToString_HidesKeyMaterial() =>
        Assert.Equal("KeyFile(Kek, key file)", KeyFile.WrapWithKek(new byte[32], new byte[32]).ToString());
}
