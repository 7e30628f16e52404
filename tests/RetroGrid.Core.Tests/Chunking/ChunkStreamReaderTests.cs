using System.Security.Cryptography;
using RetroGrid.Core.Chunking;

namespace RetroGrid.Core.Tests.Chunking;

public class ChunkStreamReaderTests
{
    // Small sizes keep the tests fast while exercising the same code paths as the 1 MiB default: ~250 chunks per 2 MiB.
    private static readonly ChunkerParameters Small = new(2048, 8192, 32768, SeedOf(1));

    [Fact]
    public async Task ReadChunkAsync_SizesWithinBounds_AndChunksRebuildTheInput()
    {
        var data = RandomBytes(2 * 1024 * 1024, seed: 1);

        var chunks = await ChunkAsync(Small, new MemoryStream(data));

        Assert.All(chunks[..^1], c => Assert.InRange(c.Length, Small.MinSize, Small.MaxSize));
        Assert.InRange(chunks[^1].Length, 1, Small.MaxSize);
        Assert.Equal(data, chunks.SelectMany(c => c).ToArray());
        // Normalised chunking keeps the mean near the target; a generous band still catches a wrong mask.
        Assert.InRange(data.Length / chunks.Count, Small.AverageSize / 2, Small.AverageSize * 2);
    }

    [Fact]
    public async Task ReadChunkAsync_DefaultParameters_AverageNearOneMebibyte()
    {
        var parameters = ChunkerParameters.CreateDefault() with { Seed = SeedOf(2) };
        var data = RandomBytes(48 * 1024 * 1024, seed: 2);

        var chunks = await ChunkAsync(parameters, new MemoryStream(data));

        Assert.All(chunks[..^1], c => Assert.InRange(c.Length, parameters.MinSize, parameters.MaxSize));
        Assert.InRange(data.Length / chunks.Count, 640 * 1024, 1536 * 1024);
    }

    [Fact]
    public async Task ReadChunkAsync_SameSeed_SameBoundaries_OtherSeed_OtherBoundaries()
    {
        var data = RandomBytes(1024 * 1024, seed: 3);

        var first = Lengths(await ChunkAsync(Small, new MemoryStream(data)));
        var again = Lengths(await ChunkAsync(Small with { Seed = SeedOf(1) }, new MemoryStream(data)));
        var otherSeed = Lengths(await ChunkAsync(Small with { Seed = SeedOf(99) }, new MemoryStream(data)));

        Assert.Equal(first, again);
        Assert.NotEqual(first, otherSeed);
        // Not merely shifted: almost no cut points in common.
        Assert.True(CutPoints(first).Intersect(CutPoints(otherSeed)).Count() < first.Length / 10);
    }

    [Fact]
    public async Task ReadChunkAsync_InsertionNearStart_ChangesOnlyNearbyChunks()
    {
        var original = RandomBytes(2 * 1024 * 1024, seed: 4);
        var edited = original[..5000].Concat(RandomBytes(100, seed: 5)).Concat(original[5000..]).ToArray();

        var before = (await ChunkAsync(Small, new MemoryStream(original))).Select(c => Convert.ToHexString(SHA256.HashData(c))).ToList();
        var after = (await ChunkAsync(Small, new MemoryStream(edited))).Select(c => Convert.ToHexString(SHA256.HashData(c))).ToHashSet();

        var lost = before.Count(h => !after.Contains(h));
        Assert.InRange(lost, 1, 3);
    }

    [Fact]
    public async Task ReadChunkAsync_EmptyStream_NoChunks()
    {
        Assert.Empty(await ChunkAsync(Small, new MemoryStream()));
    }

    [Fact]
    public async Task ReadChunkAsync_OneByteAtATime_SameChunksAsWholeBuffer()
    {
        var data = RandomBytes(300 * 1024, seed: 6);

        var whole = await ChunkAsync(Small, new MemoryStream(data));
        var trickled = await ChunkAsync(Small, new OneByteAtATimeStream(data));

        Assert.Equal(Lengths(whole), Lengths(trickled));
        Assert.Equal(data, trickled.SelectMany(c => c).ToArray());
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2048)]
    [InlineData(2049)]
    [InlineData(32768)]
    [InlineData(65537)]
    public async Task ReadChunkAsync_EdgeLengths_RebuildTheInput(int length)
    {
        var data = RandomBytes(length, seed: length);

        var chunks = await ChunkAsync(Small, new MemoryStream(data));

        Assert.Equal(data, chunks.SelectMany(c => c).ToArray());
        Assert.All(chunks, c => Assert.InRange(c.Length, 1, Small.MaxSize));
    }

    [Fact]
    public async Task ReadChunkAsync_ZeroFilled_CutsAtMaxSize()
    {
        // A run of one byte value hashes to a constant that never matches the mask: every chunk is MaxSize.
        var chunks = await ChunkAsync(Small, new MemoryStream(new byte[100_000]));

        Assert.Equal([32768, 32768, 32768, 1696], Lengths(chunks));
    }

    [Fact]
    public async Task ReadChunkAsync_LongStream_AllocatesNothingPerByte()
    {
        var data = RandomBytes(8 * 1024 * 1024, seed: 8);
        using var reader = new ChunkStreamReader(new FastCdcChunker(Small), new MemoryStream(data));
        var cancellationToken = TestContext.Current.CancellationToken;
        await reader.ReadChunkAsync(cancellationToken); // the pooled buffer may be allocated on first use

        // MemoryStream completes reads synchronously, so every allocation of the loop lands on this thread.
        var before = GC.GetAllocatedBytesForCurrentThread();
        var chunks = 0;
        while (!(await reader.ReadChunkAsync(cancellationToken)).IsEmpty)
        {
            chunks++;
        }

        // Debug builds (the tests') box async state machines even when they complete synchronously: ~120 B per chunk,
        // nothing in Release. What must not happen is an allocation that grows with the data (8 MiB here).
        Assert.True(chunks > 500);
        Assert.InRange(GC.GetAllocatedBytesForCurrentThread() - before, 0, chunks * 256);
    }

    [Fact]
    public async Task ReadOwnedChunkAsync_ChunksOutliveLaterReads()
    {
        var data = RandomBytes(200 * 1024, seed: 7);
        using var reader = new ChunkStreamReader(new FastCdcChunker(Small), new MemoryStream(data));
        var owned = new List<PooledChunk>();
        var cancellationToken = TestContext.Current.CancellationToken;

        while (await reader.ReadOwnedChunkAsync(cancellationToken) is { } chunk)
        {
            owned.Add(chunk);
        }

        Assert.Equal(data, owned.SelectMany(c => c.Memory.ToArray()).ToArray());
        Assert.Equal(data.Length, reader.Position);
        owned.ForEach(c => c.Dispose());
        Assert.Throws<ObjectDisposedException>(() => owned[0].Memory);
    }

    private static async Task<List<byte[]>> ChunkAsync(ChunkerParameters parameters, Stream stream)
    {
        using var reader = new ChunkStreamReader(new FastCdcChunker(parameters), stream);
        var chunks = new List<byte[]>();
        while (true)
        {
            var chunk = await reader.ReadChunkAsync(TestContext.Current.CancellationToken);
            if (chunk.IsEmpty)
            {
                return chunks;
            }

            chunks.Add(chunk.ToArray());
        }
    }

    private static int[] Lengths(List<byte[]> chunks) => chunks.Select(c => c.Length).ToArray();

    private static IEnumerable<long> CutPoints(int[] lengths)
    {
        long offset = 0;
        foreach (var length in lengths)
        {
            offset += length;
            yield return offset;
        }
    }

    private static byte[] RandomBytes(int length, int seed)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    private static byte[] SeedOf(int value) => SHA256.HashData(BitConverter.GetBytes(value));
}
