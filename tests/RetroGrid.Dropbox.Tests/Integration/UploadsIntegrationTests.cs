using RetroGrid.Testing;

namespace RetroGrid.Dropbox.Tests;

public class UploadsIntegrationTests
{
    private const int MiB = 1024 * 1024;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task UploadAsync_20MiBNonSeekableStream8MiBChunks_StreamedAndCorrect()
    {
        await using var dropbox = await EmulatedDropbox.StartAsync(null, Ct);
        var client = dropbox.Client(configure: o => o.UploadChunkSize = 8 * MiB);
        var data = FaultsIntegrationTests.Bytes(20 * MiB, seed: 4);
        await dropbox.SetFaultsAsync(Ct, ("files/upload_session/append_v2", "lost_response", 1));

        var metadata = await client.UploadAsync(new ForwardOnlyStream(data), new DropboxCommitInfo("/big/pack.bin"), Ct).DefaultTimeout();

        Assert.Equal(20 * MiB, metadata.Size);
        Assert.Equal(DropboxContentHasher.Compute(data), metadata.ContentHash);
        await FaultsIntegrationTests.AssertOneFileAsync(client, "/big/pack.bin", data);
        var counters = await dropbox.CountersAsync(Ct);
        Assert.Equal(1, counters["files/upload_session/start"]); // 8 MiB
        Assert.Equal(2, counters["files/upload_session/append_v2"]); // 8 MiB, lost, repeat → incorrect_offset = landed
        Assert.Equal(1, counters["files/upload_session/finish"]); // last 4 MiB
    }

    [Fact]
    public async Task Session_WrongCursorOffsetWithinRequest_ResumesFromCorrectOffset()
    {
        await using var dropbox = await EmulatedDropbox.StartAsync(null, Ct);
        var client = dropbox.Client();
        var data = FaultsIntegrationTests.Bytes(3 * MiB, seed: 5);
        var started = await client.StartUploadSessionAsync(data.AsMemory(0, MiB), Ct).DefaultTimeout();

        // A second writer that believes the session is at 512 KiB: it holds those bytes, so it can resend from 1 MiB.
        var resumed = client.ResumeUploadSession(new DropboxUploadSessionCursor(started.SessionId, 512 * 1024));
        await resumed.AppendAsync(data.AsMemory(512 * 1024, (2 * MiB) + (512 * 1024)), Ct).DefaultTimeout();
        var metadata = await resumed.FinishAsync(new DropboxCommitInfo("/resync.bin"), Ct).DefaultTimeout();

        Assert.Equal(3 * MiB, resumed.Offset);
        Assert.Equal(DropboxContentHasher.Compute(data), metadata.ContentHash);
    }

    [Fact]
    public async Task Session_OffsetOutOfReach_UploadSessionLostNamesOffsets()
    {
        await using var dropbox = await EmulatedDropbox.StartAsync(null, Ct);
        var client = dropbox.Client();
        var started = await client.StartUploadSessionAsync(new byte[1000], Ct).DefaultTimeout();
        var resumed = client.ResumeUploadSession(new DropboxUploadSessionCursor(started.SessionId, 5000));

        var error = await Assert.ThrowsAsync<DropboxApiException>(() => resumed.AppendAsync(new byte[10], Ct).DefaultTimeout());

        Assert.Equal(RetroGridErrorCodes.UploadSessionLost, error.Code);
        Assert.Equal(1000, error.CorrectOffset);
        Assert.Contains("Dropbox expects offset 1000 but this request started at 5000", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FinishBatch_ClosedAndOpenSessions_PerEntryResults()
    {
        await using var dropbox = await EmulatedDropbox.StartAsync(null, Ct);
        var client = dropbox.Client();
        var closed = await client.StartUploadSessionAsync("closed"u8.ToArray(), Ct).DefaultTimeout();
        await closed.CloseAsync(Ct).DefaultTimeout();
        var open = await client.StartUploadSessionAsync("open"u8.ToArray(), Ct).DefaultTimeout();

        var results = await client.FinishUploadBatchAsync(
            [new(closed.Cursor, new DropboxCommitInfo("/batch/closed")), new(open.Cursor, new DropboxCommitInfo("/batch/open"))], Ct).DefaultTimeout();

        Assert.True(results[0].IsSuccess);
        Assert.Equal("/batch/closed", results[0].Metadata!.PathLower);
        Assert.Equal(DropboxContentHasher.Compute("closed"u8), results[0].Metadata!.ContentHash);
        Assert.Equal("lookup_failed/not_closed", results[1].Failure!.TagPath);
        Assert.Equal(RetroGridErrorCodes.UploadSessionLost, results[1].Failure!.Code);
    }

    [Fact]
    public async Task NonAsciiPath_HeaderEscaping_RoundTrips()
    {
        await using var dropbox = await EmulatedDropbox.StartAsync(null, Ct);
        var client = dropbox.Client();
        const string Path = "/Ünïcødé/日本/😀 Grüße\u007f.bin";
        var data = "grüße"u8.ToArray();

        var uploaded = await client.UploadFileAsync(data, new DropboxCommitInfo(Path), Ct).DefaultTimeout();
        var metadata = await client.GetMetadataAsync(Path, cancellationToken: Ct).DefaultTimeout();
        await using var download = await client.DownloadAsync(Path, cancellationToken: Ct).DefaultTimeout();
        using var copy = new MemoryStream();
        await download.Content.CopyToAsync(copy, Ct);
        var listed = await client.ListFolderAsync("/Ünïcødé/日本", cancellationToken: Ct).DefaultTimeout();
        var session = await client.StartUploadSessionAsync(data, Ct).DefaultTimeout();
        var viaSession = await session.FinishAsync(new DropboxCommitInfo("/Ünïcødé/session 😀.bin"), Ct).DefaultTimeout();

        Assert.Equal(Path, uploaded.PathDisplay);
        Assert.Equal("😀 Grüße\u007f.bin", metadata.Name);
        Assert.Equal("😀 Grüße\u007f.bin", download.Metadata.Name);
        Assert.Equal(data, copy.ToArray());
        Assert.Equal(Path, Assert.Single(listed.Entries).PathDisplay);
        Assert.Equal("/Ünïcødé/session 😀.bin", viaSession.PathDisplay);
    }

    [Fact]
    public async Task AppendStreamView_Seekable_ContentHashSentAndCorrect()
    {
        await using var dropbox = await EmulatedDropbox.StartAsync(null, Ct);
        var client = dropbox.Client();
        var data = FaultsIntegrationTests.Bytes(6 * MiB, seed: 6);
        await dropbox.SetFaultsAsync(Ct, ("files/upload_session/append_v2", "http_503", 1));
        var session = await client.StartUploadSessionAsync(Ct).DefaultTimeout();
        using var source = new MemoryStream(data);

        await session.AppendAsync(source, 4 * MiB, Ct).DefaultTimeout();
        await session.AppendAsync(source, 2 * MiB, Ct).DefaultTimeout();
        var metadata = await session.FinishAsync(new DropboxCommitInfo("/view.bin"), Ct).DefaultTimeout();

        Assert.Equal(DropboxContentHasher.Compute(data), metadata.ContentHash);
        Assert.Null(session.ContentHash); // stream-view appends are not tracked
        Assert.Equal(3, await dropbox.CounterAsync("files/upload_session/append_v2", Ct));
    }

    [Fact]
    public async Task DownloadVerification_HashOfWholeFileChecked()
    {
        await using var dropbox = await EmulatedDropbox.StartAsync(null, Ct);
        var client = dropbox.Client();
        var data = FaultsIntegrationTests.Bytes(5 * MiB, seed: 7);
        await client.UploadAsync(new MemoryStream(data), new DropboxCommitInfo("/v.bin"), Ct).DefaultTimeout();

        await using var download = await client.DownloadAsync("/v.bin", cancellationToken: Ct).DefaultTimeout();
        using var copy = new MemoryStream();
        await download.Content.CopyToAsync(copy, Ct);

        Assert.Equal(data, copy.ToArray());
        Assert.Equal(5 * MiB, download.ContentLength);
    }

    private sealed class ForwardOnlyStream(byte[] data) : Stream
    {
        private int _position;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        public override int Read(byte[] buffer, int offset, int count)
        {
            // Short reads on purpose: the uploader must fill its chunk buffer itself.
            var n = Math.Min(Math.Min(count, 1_000_000), data.Length - _position);
            Array.Copy(data, _position, buffer, offset, n);
            _position += n;
            return n;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
