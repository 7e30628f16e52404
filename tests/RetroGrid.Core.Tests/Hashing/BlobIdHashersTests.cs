using System.Text;
using RetroGrid.Core.Crypto;
using RetroGrid.Core.Hashing;

namespace RetroGrid.Core.Tests.Hashing;

public class BlobIdHashersTests
{
    [Fact]
    public void Blake3_MatchesTheOfficialKeyedTestVector()
    {
        // BLAKE3 test_vectors.json: key "whats the Elvish word for friend", input_len 0.
        var hasher = new Blake3BlobIdHasher(Encoding.ASCII.GetBytes("whats the Elvish word for friend"));

        Assert.Equal("92b2b75604ed3c761f9d6f62392c8a9227ad0ea3f09573e783f1498a4ed60d26", hasher.Compute([]).ToString());
    }

    [Fact]
    public void Create_IsKeyedBlake3UnderTheIdKey()
    {
        var keys = SetKeys.FromMasterKey(new byte[32]);

        var hasher = BlobIdHashers.Create(keys);

        Assert.IsType<Blake3BlobIdHasher>(hasher);
        Assert.Equal(new Blake3BlobIdHasher(keys.Id).Compute("data"u8), hasher.Compute("data"u8));
    }

    [Fact]
    public void Compute_DependsOnKeyAndContent()
    {
        var a = BlobIdHashers.Create(SetKeys.FromMasterKey(new byte[32]));
        var b = BlobIdHashers.Create(SetKeys.FromMasterKey(Enumerable.Repeat((byte)1, 32).ToArray()));

        Assert.Equal(a.Compute("same"u8), a.Compute("same"u8));
        Assert.NotEqual(a.Compute("same"u8), a.Compute("Same"u8));
        Assert.NotEqual(a.Compute("same"u8), b.Compute("same"u8));
    }

    [Fact]
    public async Task Compute_SharedAcrossThreads_GivesTheSameIds()
    {
        var hasher = BlobIdHashers.Create(SetKeys.FromMasterKey(new byte[32]));
        var inputs = Enumerable.Range(0, 64).Select(i => new byte[10_000 + i]).ToArray();
        var expected = inputs.Select(i => hasher.Compute(i)).ToArray();
        var actual = new BlobId[inputs.Length];

        await Parallel.ForAsync(0, inputs.Length, TestContext.Current.CancellationToken, (i, _) =>
        {
            actual[i] = hasher.Compute(inputs[i]);
            return ValueTask.CompletedTask;
        });

        Assert.Equal(expected, actual);
    }

    [Fact]
    public void Blake3_WrongKeySize_Throws() =>
        Assert.Throws<ArgumentException>(() => new Blake3BlobIdHasher(new byte[16]));
}
