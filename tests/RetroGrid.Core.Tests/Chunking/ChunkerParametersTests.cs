using RetroGrid.Core.Chunking;

namespace RetroGrid.Core.Tests.Chunking;

public class ChunkerParametersTests
{
    [Fact]
    public void CreateDefault_IsValid_WithFreshSeed()
    {
        var first = ChunkerParameters.CreateDefault();
        var second = ChunkerParameters.CreateDefault();

        Assert.Equal((256 * 1024, 1024 * 1024, 4 * 1024 * 1024), (first.MinSize, first.AverageSize, first.MaxSize));
        Assert.Equal(ChunkerParameters.SeedSize, first.Seed.Length);
        Assert.NotEqual(first.Seed, second.Seed);
    }

    [Theory]
    [InlineData(32, 1024, 4096)]
    [InlineData(1024, 1024, 4096)]
    [InlineData(256, 1000, 4096)]
    [InlineData(256, 1024, 1024)]
    [InlineData(256, 1024, 128 * 1024 * 1024)]
    public void Constructor_BadSizes_Throws(int min, int average, int max) =>
        Assert.Throws<ArgumentException>(() => new ChunkerParameters(min, average, max, new byte[32]));

    [Fact]
    public void Constructor_BadSeed_Throws() =>
        Assert.Throws<ArgumentException>(() => new ChunkerParameters(256, 1024, 4096, new byte[31]));

    [Fact]
    public void Equals_ComparesSeedBytes()
    {
        var a = new ChunkerParameters(256, 1024, 4096, new byte[32]);
        var b = new ChunkerParameters(256, 1024, 4096, new byte[32]);
        var seed = new byte[32];
        seed[5] = 1;

        Assert.Equal(a, b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
        Assert.NotEqual(a, b with { Seed = seed });
    }

    [Fact]
    public void ToString_HidesSeed()
    {
        var seed = Enumerable.Repeat((byte)0xAB, 32).ToArray();
        Assert.Equal(
            "ChunkerParameters { MinSize = 256, AverageSize = 1024, MaxSize = 4096, Seed = *** }",
            new ChunkerParameters(256, 1024, 4096, seed).ToString());
    }

    [Fact]
    public void Chunker_InvalidatedByWith_Throws()
    {
        var parameters = new ChunkerParameters(256, 1024, 4096, new byte[32]) with { MinSize = 8192 };
        Assert.Throws<ArgumentException>(() => new FastCdcChunker(parameters));
    }
}
