using RetroGrid.Testing;

namespace RetroGrid.Dropbox.Tests;

// UploadAsync sends one chunk while it reads and hashes the next: under injected faults it still ends with exactly
// one correct file, from seekable and forward-only sources alike.
public class PipelinedUploadIntegrationTests
{
    private const int MiB = 1024 * 1024;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("lost_response", true)]
    [InlineData("lost_response", false)]
    [InlineData("connection_reset", true)]
    [InlineData("connection_reset", false)]
    [InlineData("http_503", false)]
    [InlineData("too_many_write_operations", true)]
    public async Task UploadAsync_TwoAppendFaultsAmongSixChunks_ExactlyOneCorrectFile(string fault, bool seekable)
    {
        await using var dropbox = await EmulatedDropbox.StartAsync(null, Ct);
        await dropbox.SetFaultsAsync(Ct, ("files/upload_session/append_v2", fault, 2));
        var client = dropbox.Client();
        var data = FaultsIntegrationTests.Bytes((6 * 4 * MiB) + 777, seed: 21);

        var metadata = await client.UploadAsync(new GatedStream(data, long.MaxValue, seekable), new DropboxCommitInfo("/p/six.bin"), Ct)
            .DefaultTimeout();

        Assert.Equal(DropboxContentHasher.Compute(data), metadata.ContentHash);
        Assert.Equal(data.Length, metadata.Size);
        await FaultsIntegrationTests.AssertOneFileAsync(client, "/p/six.bin", data);
        var counters = await dropbox.CountersAsync(Ct);
        Assert.Equal(1, counters.GetValueOrDefault("files/upload_session/start"));
        Assert.Equal(5 + 2, counters.GetValueOrDefault("files/upload_session/append_v2")); // each fault costs one repeat
        Assert.Equal(1, counters.GetValueOrDefault("files/upload_session/finish"));
    }

    [Fact]
    public async Task UploadAsync_SendContentHashOffAndFinishAnswerLost_RecheckedByFileHash()
    {
        await using var dropbox = await EmulatedDropbox.StartAsync(null, Ct);
        await dropbox.SetFaultsAsync(Ct, ("files/upload_session/finish", "lost_response", 1));
        var client = dropbox.Client(configure: o => o.SendContentHash = false);
        var data = FaultsIntegrationTests.Bytes((3 * 4 * MiB) + 5, seed: 22);

        var metadata = await client.UploadAsync(new MemoryStream(data), new DropboxCommitInfo("/p/nohash.bin"), Ct).DefaultTimeout();

        Assert.Equal(DropboxContentHasher.Compute(data), metadata.ContentHash);
        await FaultsIntegrationTests.AssertOneFileAsync(client, "/p/nohash.bin", data);
        Assert.Equal(2, await dropbox.CounterAsync("files/upload_session/finish", Ct));
    }

    [Fact]
    public async Task AppendStream_SeveralChunks_PipelinedAndFileHashTracked()
    {
        await using var dropbox = await EmulatedDropbox.StartAsync(null, Ct);
        await dropbox.SetFaultsAsync(Ct, ("files/upload_session/append_v2", "lost_response", 1));
        var client = dropbox.Client();
        var data = FaultsIntegrationTests.Bytes((3 * 4 * MiB) + 9, seed: 23);
        var session = await client.StartUploadSessionAsync(Ct).DefaultTimeout();

        await session.AppendAsync(new GatedStream(data, long.MaxValue, seekable: false), Ct).DefaultTimeout();
        await session.CloseAsync(Ct).DefaultTimeout();
        var results = await client.FinishUploadBatchAsync(
            [new DropboxFinishBatchEntry(session.Cursor, new DropboxCommitInfo("/p/appended.bin"), session.ContentHash)], Ct).DefaultTimeout();

        Assert.Equal(data.Length, session.Offset);
        Assert.Equal(DropboxContentHasher.Compute(data), session.ContentHash);
        Assert.True(results[0].IsSuccess, results[0].Failure?.TagPath);
        await FaultsIntegrationTests.AssertOneFileAsync(client, "/p/appended.bin", data);
        Assert.Equal(4 + 1 + 1, await dropbox.CounterAsync("files/upload_session/append_v2", Ct)); // 4 data, 1 repeat, 1 close
    }
}
