using System.Text;
using RetroGrid.Core.Compression;

namespace RetroGrid.Core.Tests.Compression;

public class BlobCompressorTests
{
    private static readonly IBlobCompressor Compressor = BlobCompressors.Create();

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(19)]
    public void TryCompress_TextLike_ShrinksAndRoundTrips(int level)
    {
        var compressor = BlobCompressors.Create(level);
        var raw = TextLike(256 * 1024);

        var compressed = Compress(compressor, raw);

        Assert.True(compressed.Length < raw.Length / 3);
        var restored = new byte[raw.Length];
        Assert.True(compressor.TryDecompress(compressed, restored));
        Assert.Equal(raw, restored);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(100)]
    [InlineData(1024 * 1024)]
    public void TryCompress_Incompressible_ReturnsMinusOne(int length)
    {
        var raw = new byte[length];
        new Random(length).NextBytes(raw);

        Assert.Equal(-1, Compressor.TryCompress(raw, new byte[length + 1024]));
    }

    [Fact]
    public void TryCompress_OutputDoesNotFitDestination_ReturnsMinusOne()
    {
        var raw = TextLike(64 * 1024);
        var fits = Compressor.TryCompress(raw, new byte[raw.Length]);

        Assert.InRange(fits, 1, raw.Length - 1);
        Assert.Equal(-1, Compressor.TryCompress(raw, new byte[fits - 1]));
    }

    [Fact]
    public void Create_LevelOutOfRange_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => BlobCompressors.Create(23));

    [Theory]
    [InlineData(-1)]
    [InlineData(1)]
    public void TryDecompress_WrongRawLength_ReturnsFalse(int delta)
    {
        var raw = TextLike(10_000);
        var compressed = Compress(Compressor, raw);

        Assert.False(Compressor.TryDecompress(compressed, new byte[raw.Length + delta]));
    }

    [Fact]
    public void TryDecompress_RandomBytes_ReturnsFalse()
    {
        var random = new Random(1);
        for (var i = 0; i < 2000; i++)
        {
            var garbage = new byte[random.Next(0, 300)];
            random.NextBytes(garbage);
            if (i % 2 == 0 && garbage.Length >= 4)
            {
                // Half of them start with the zstd magic, to get past the first check into the frame parser.
                new byte[] { 0x28, 0xB5, 0x2F, 0xFD }.CopyTo(garbage, 0);
            }

            Assert.False(Compressor.TryDecompress(garbage, new byte[random.Next(1, 5000)]));
        }
    }

    [Fact]
    public void TryDecompress_EveryTruncation_ReturnsFalse()
    {
        var raw = TextLike(20_000);
        var compressed = Compress(Compressor, raw);
        var restored = new byte[raw.Length];

        for (var length = 0; length < compressed.Length; length++)
        {
            Assert.False(Compressor.TryDecompress(compressed.AsSpan(0, length), restored));
        }
    }

    [Fact]
    public void TryDecompress_MutatedFrames_NeverThrows_AndNeverWritesPastRaw()
    {
        var raw = TextLike(20_000);
        var compressed = Compress(Compressor, raw);
        var random = new Random(2);
        var guarded = new byte[raw.Length + 64];

        for (var i = 0; i < 3000; i++)
        {
            var mutated = (byte[])compressed.Clone();
            for (var flips = random.Next(1, 4); flips > 0; flips--)
            {
                mutated[random.Next(mutated.Length)] ^= (byte)random.Next(1, 256);
            }

            guarded.AsSpan(raw.Length).Fill(0xEE);
            // A flip inside literals can decode to other bytes of the right length: zstd has no check for that here;
            // AES-GCM authenticates every blob before it reaches the decompressor. What matters is no throw, no overrun.
            _ = Compressor.TryDecompress(mutated, guarded.AsSpan(0, raw.Length));
            Assert.True(guarded.AsSpan(raw.Length).IndexOfAnyExcept((byte)0xEE) < 0);
        }
    }

    [Fact]
    public void TryDecompress_FrameClaimingHugeSize_ReturnsFalseWithoutAllocatingIt()
    {
        // Magic, frame header (8-byte content size, single segment), content size 2^40, then one raw last block of 3 bytes.
        byte[] hostile =
        [
            0x28, 0xB5, 0x2F, 0xFD, 0xE0, 0, 0, 0, 0, 0, 1, 0, 0,
            (3 << 3) | 1, 0, 0, (byte)'a', (byte)'b', (byte)'c',
        ];
        Compressor.TryDecompress(hostile, new byte[3]); // warm the context pool

        var before = GC.GetAllocatedBytesForCurrentThread();
        Assert.False(Compressor.TryDecompress(hostile, new byte[3]));
        Assert.False(Compressor.TryDecompress(hostile, new byte[1024 * 1024]));
        Assert.InRange(GC.GetAllocatedBytesForCurrentThread() - before, 0, 1024 * 1024 + 64 * 1024);
    }

    [Fact]
    public async Task Compressor_SharedAcrossThreads_RoundTrips()
    {
        var inputs = Enumerable.Range(0, 32).Select(i => TextLike(50_000 + i)).ToArray();

        await Parallel.ForAsync(0, inputs.Length, TestContext.Current.CancellationToken, (i, _) =>
        {
            var compressed = Compress(Compressor, inputs[i]);
            var restored = new byte[inputs[i].Length];
            Assert.True(Compressor.TryDecompress(compressed, restored));
            Assert.Equal(inputs[i], restored);
            return ValueTask.CompletedTask;
        });
    }

    private static byte[] Compress(IBlobCompressor compressor, byte[] raw)
    {
        var destination = new byte[raw.Length];
        var length = compressor.TryCompress(raw, destination);
        Assert.True(length > 0);
        return destination[..length];
    }

    private static byte[] TextLike(int length)
    {
        var random = new Random(length);
        var words = new[] { "backup", "chunk", "restore", "the", "a", "snapshot", "dropbox", "pack", "index", "tree" };
        var text = new StringBuilder(length + 16);
        while (text.Length < length)
        {
            text.Append(words[random.Next(words.Length)]).Append(' ');
        }

        return Encoding.ASCII.GetBytes(text.ToString(0, length));
    }
}
