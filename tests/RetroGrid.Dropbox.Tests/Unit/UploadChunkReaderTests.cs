using RetroGrid.Testing;

namespace RetroGrid.Dropbox.Tests;

public class UploadChunkReaderTests
{
    private const int MiB = 1024 * 1024;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task NextAsync_FirstChunkHashedInParallelThenReadAhead_DigestsMatchOneShotHashes()
    {
        var data = Bytes((2 * 8 * MiB) + 12345, seed: 1);
        var reader = new UploadChunkReader(new GatedStream(data, long.MaxValue, seekable: false), 8 * MiB);
        await using (reader)
        {
            var first = await reader.NextAsync(Ct).DefaultTimeout();
            reader.ReadAhead(Ct);
            var second = await reader.NextAsync(Ct).DefaultTimeout();

            // The chunk handed out before stays intact while the next one is read into the other buffer.
            AssertChunk(data[..(8 * MiB)], first);
            AssertChunk(data[(8 * MiB)..(16 * MiB)], second);
            reader.ReadAhead(Ct);
            var last = await reader.NextAsync(Ct).DefaultTimeout();
            AssertChunk(data[(16 * MiB)..], last);
            Assert.False(last.IsFull);
            Assert.True(second.IsFull);
        }
    }

    [Fact]
    public async Task NextAsync_SourceAtEnd_EmptyChunkWithEmptyContentHash()
    {
        var reader = new UploadChunkReader(new MemoryStream([]), 4 * MiB);
        await using (reader)
        {
            var chunk = await reader.NextAsync(Ct).DefaultTimeout();

            Assert.Equal(0, chunk.Length);
            Assert.Equal(DropboxContentHasher.Compute([]), chunk.Digest!.ContentHash);
            Assert.Empty(chunk.Digest.BlockDigests);
        }
    }

    [Fact]
    public async Task DiscardAheadAsync_ReadAheadWaiting_CancelledAndStoppedBeforeReturning()
    {
        var data = Bytes(12 * MiB, seed: 2);
        var source = new GatedStream(data, 4 * MiB, seekable: true);
        var reader = new UploadChunkReader(source, 4 * MiB);
        await using (reader)
        {
            await reader.NextAsync(Ct).DefaultTimeout();
            reader.ReadAhead(Ct);
            await source.ReachedGate.DefaultTimeout();

            await reader.DiscardAheadAsync().DefaultTimeout();

            Assert.Equal(0, source.ActiveReads);
            Assert.Equal(1, source.CancelledReads);

            // The source may now move; the next chunk is read from there.
            source.Open();
            source.Position = 8 * MiB;
            AssertChunk(data[(8 * MiB)..], await reader.NextAsync(Ct).DefaultTimeout());
        }
    }

    [Fact]
    public async Task DisposeAsync_ReadAheadWaiting_StopsItBeforeReturning()
    {
        var source = new GatedStream(Bytes(8 * MiB, seed: 3), 4 * MiB, seekable: false);
        var reader = new UploadChunkReader(source, 4 * MiB);
        await reader.NextAsync(Ct).DefaultTimeout();
        reader.ReadAhead(Ct);
        await source.ReachedGate.DefaultTimeout();

        await reader.DisposeAsync().DefaultTimeout();

        Assert.Equal(0, source.ActiveReads);
        Assert.Equal(1, source.CancelledReads);
    }

    [Fact]
    public async Task NextAsync_ReadAheadFails_ErrorSurfacesAtNext()
    {
        var reader = new UploadChunkReader(new FailingStream(), 4 * MiB);
        await using (reader)
        {
            reader.ReadAhead(Ct);

            var error = await Assert.ThrowsAsync<IOException>(() => reader.NextAsync(Ct).DefaultTimeout());

            Assert.Equal("disk gone", error.Message);
        }
    }

    [Fact]
    public async Task ReadAhead_AlreadyReading_Throws()
    {
        var reader = new UploadChunkReader(new MemoryStream(new byte[10]), 4 * MiB);
        await using (reader)
        {
            reader.ReadAhead(Ct);

            Assert.Throws<InvalidOperationException>(() => reader.ReadAhead(Ct));
        }
    }

    internal static byte[] Bytes(int length, int seed)
    {
        var data = new byte[length];
        new Random(seed).NextBytes(data);
        return data;
    }

    private static void AssertChunk(byte[] expected, UploadChunk chunk)
    {
        Assert.Equal(expected, chunk.Data.ToArray());
        var hash = DropboxContentHasher.ComputeWithBlockDigests(expected, out var digests);
        Assert.Equal(hash, chunk.Digest!.ContentHash);
        Assert.Equal(digests, chunk.Digest.BlockDigests);
    }

    private sealed class FailingStream : MemoryStream
    {
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            ValueTask.FromException<int>(new IOException("disk gone"));
    }
}
