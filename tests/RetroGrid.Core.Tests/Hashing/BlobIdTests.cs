using RetroGrid.Core.Hashing;

namespace RetroGrid.Core.Tests.Hashing;

public class BlobIdTests
{
    [Fact]
    public void Parse_ToString_RoundTrips()
    {
        var hex = "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff";
        var id = BlobId.Parse(hex);

        Assert.Equal(hex, id.ToString());
        Assert.Equal(id, BlobId.FromBytes(id.ToArray()));
    }

    [Fact]
    public void FromBytes_WrongLength_Throws() =>
        Assert.Throws<ArgumentException>(() => BlobId.FromBytes(new byte[31]));

    [Fact]
    public void CompareTo_OrdersLikeTheBytes()
    {
        var low = BlobId.Parse(new string('0', 63) + "1");
        var high = BlobId.Parse("1" + new string('0', 63));
        Assert.True(low.CompareTo(high) < 0);
    }
}
