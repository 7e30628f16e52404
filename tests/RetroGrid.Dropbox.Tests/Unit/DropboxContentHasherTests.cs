using System.Text;

namespace RetroGrid.Dropbox.Tests;

// Vectors from protocol notes §7 (re-verified with Python). The 9,711,423-byte "Milky Way" image vector is not
// included: the image cannot be downloaded here.
public class DropboxContentHasherTests
{
    private const int FourMiB = 4 * 1024 * 1024;

    public static TheoryData<int, char, string> Vectors => new()
    {
        { 0, 'a', "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855" },
        { 1, 'a', "bf5d3affb73efd2ec6c36ad3112dd933efed63c4e1cbffcfa88e2759c144f2d8" },
        { FourMiB, 'a', "907a506cf5e706bda5c7a29b43c9c65d8344bd2fa2f22339b359c214812af5a1" },
        { FourMiB + 1, 'a', "5f858b62ccd88447586305aec6fd53c96747cfebf527cbba129a6dfed47d9624" },
    };

    [Theory]
    [MemberData(nameof(Vectors))]
    public void Compute_ReferenceVector_MatchesDropbox(int length, char fill, string expected)
    {
        var data = Encoding.ASCII.GetBytes(new string(fill, length));

        Assert.Equal(expected, DropboxContentHasher.Compute(data));
    }

    [Fact]
    public void Compute_Abc_MatchesDropbox() =>
        Assert.Equal("4f8b42c22dd3729b519ba6f68d2da7cc5b2d606d05daed5ad5128cc03e6c6358", DropboxContentHasher.Compute("abc"u8));

    [Theory]
    [InlineData(1)]
    [InlineData(4095)]
    [InlineData(1_000_003)]
    [InlineData(FourMiB)]
    public void Append_AnySlicing_SameHashAsOneShot(int slice)
    {
        var data = Pattern(10_240_000);
        using var hasher = new DropboxContentHasher();
        for (var i = 0; i < data.Length; i += slice)
        {
            hasher.Append(data.AsSpan(i, Math.Min(slice, data.Length - i)));
        }

        Assert.Equal(data.Length, hasher.Length);
        Assert.Equal("5152095cf5d87f04852c77ff04c7583ab03987f51a8cb862c038adf9679ffad0", hasher.GetHashAndReset());
        Assert.Equal(0, hasher.Length);
        Assert.Equal("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", hasher.GetHashAndReset());
    }

    [Fact]
    public async Task ComputeAsync_Stream_MatchesVector()
    {
        using var stream = new MemoryStream(Encoding.ASCII.GetBytes(new string('a', FourMiB + 1)));

        var hash = await DropboxContentHasher.ComputeAsync(stream, TestContext.Current.CancellationToken);

        Assert.Equal("5f858b62ccd88447586305aec6fd53c96747cfebf527cbba129a6dfed47d9624", hash);
    }

    [Fact]
    public void AppendBlockDigests_ChunksOfWholeBlocks_SameAsPlainHash()
    {
        var data = Pattern(10_240_000);
        using var hasher = new DropboxContentHasher();
        var chunkHash = DropboxContentHasher.ComputeWithBlockDigests(data.AsSpan(0, 2 * FourMiB), out var first);
        DropboxContentHasher.ComputeWithBlockDigests(data.AsSpan(2 * FourMiB), out var rest);

        hasher.AppendBlockDigests(first, 2 * FourMiB);
        hasher.AppendBlockDigests(rest, data.Length - (2 * FourMiB));

        Assert.Equal(DropboxContentHasher.Compute(data.AsSpan(0, 2 * FourMiB)), chunkHash);
        Assert.Equal("5152095cf5d87f04852c77ff04c7583ab03987f51a8cb862c038adf9679ffad0", hasher.GetHashAndReset());
    }

    [Theory]
    [InlineData(0L, 0)]
    [InlineData(1L, 1)]
    [InlineData(FourMiB, 1)]
    [InlineData(FourMiB + 1L, 2)]
    [InlineData(148L * 1024 * 1024, 37)]
    public void BlockCount_Length_WholeAndShortBlocks(long length, int expected) =>
        Assert.Equal(expected, DropboxContentHasher.BlockCount(length));

    [Fact]
    public void HashBlockAndCombine_BlocksInAnyOrder_SameAsOneShot()
    {
        var data = Pattern(10_240_000);
        var digests = new byte[3 * 32];

        // Blocks hashed out of order (as parallel hashing does) land in their own slots.
        foreach (var offset in new[] { 2 * FourMiB, 0, FourMiB })
        {
            DropboxContentHasher.HashBlock(data.AsSpan(offset, Math.Min(FourMiB, data.Length - offset)), digests, offset);
        }

        Assert.Equal("5152095cf5d87f04852c77ff04c7583ab03987f51a8cb862c038adf9679ffad0", DropboxContentHasher.CombineBlockDigests(digests));
    }

    private static byte[] Pattern(int length)
    {
        var data = new byte[length];
        for (var i = 0; i < length; i++)
        {
            data[i] = (byte)(i % 256);
        }

        return data;
    }
}
