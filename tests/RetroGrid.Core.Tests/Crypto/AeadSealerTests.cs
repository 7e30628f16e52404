using System.Text;
using RetroGrid.Core.Crypto;

namespace RetroGrid.Core.Tests.Crypto;

public class AeadSealerTests
{
    private static readonly SetKeys Keys = SetKeys.FromMasterKey(new byte[32]);

    [Fact]
    public void Seal_ThenOpen_RoundTrips()
    {
        var sealer = new AeadSealer(Keys.Data);
        var sealedData = sealer.Seal("hello"u8, "ad"u8);

        var plaintext = new byte[sealedData.Length - AeadSealer.Overhead];
        Assert.True(sealer.TryOpen(sealedData, "ad"u8, plaintext));
        Assert.Equal("hello", Encoding.ASCII.GetString(plaintext));
    }

    [Fact]
    public void SealInPlace_OpensLikeSeal()
    {
        var sealer = new AeadSealer(Keys.Data);
        var buffer = new byte[AeadSealer.NonceSize + 5 + AeadSealer.TagSize];
        "hello"u8.CopyTo(buffer.AsSpan(AeadSealer.NonceSize));

        sealer.SealInPlace(buffer, "ad"u8);

        Assert.False(buffer.AsSpan(AeadSealer.NonceSize, 5).SequenceEqual("hello"u8));
        var plaintext = new byte[5];
        Assert.True(sealer.TryOpen(buffer, "ad"u8, plaintext));
        Assert.Equal("hello", Encoding.ASCII.GetString(plaintext));
    }

    [Fact]
    public void Seal_SamePlaintextTwice_UsesFreshNonces()
    {
        var sealer = new AeadSealer(Keys.Data);
        Assert.NotEqual(sealer.Seal("same"u8, default), sealer.Seal("same"u8, default));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(12)]
    [InlineData(20)]
    public void TryOpen_AnyFlippedBit_Fails(int position)
    {
        var sealer = new AeadSealer(Keys.Data);
        var sealedData = sealer.Seal("payload"u8, "ad"u8);
        sealedData[position] ^= 0x01;

        Assert.False(sealer.TryOpen(sealedData, "ad"u8, new byte[sealedData.Length - AeadSealer.Overhead]));
    }

    [Fact]
    public void TryOpen_OtherAssociatedDataOrKey_Fails()
    {
        var sealedData = new AeadSealer(Keys.Data).Seal("payload"u8, "blob-1"u8);
        var plaintext = new byte[sealedData.Length - AeadSealer.Overhead];

        Assert.False(new AeadSealer(Keys.Data).TryOpen(sealedData, "blob-2"u8, plaintext));
        Assert.False(new AeadSealer(Keys.Metadata).TryOpen(sealedData, "blob-1"u8, plaintext));
    }

    [Fact]
    public void TryOpen_Truncated_FailsWithoutThrowing()
    {
        var sealer = new AeadSealer(Keys.Data);
        Assert.False(sealer.TryOpen(new byte[AeadSealer.Overhead - 1], default, []));
    }

    [Fact]
    public void SetKeys_PurposesDiffer_AndToStringHidesThem()
    {
        Assert.NotEqual(Keys.Data, Keys.Id);
        Assert.NotEqual(Keys.Data, Keys.Metadata);
        Assert.Equal("SetKeys(***)", Keys.ToString());
    }
}
