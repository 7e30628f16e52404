using RetroGrid.Testing;

namespace RetroGrid.Dropbox.Tests;

// Injected faults: the client retries and ends with exactly one correct file.
public class FaultsIntegrationTests
{
    private const int MiB = 1024 * 1024;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("http_503", 2)]
    [InlineData("http_500", 1)]
    [InlineData("connection_reset", 2)]
    [InlineData("lost_response", 1)]
    [InlineData("too_many_requests", 1)]
    [InlineData("too_many_requests_text", 1)]
    [InlineData("too_many_write_operations", 2)]
    public async Task Upload_FaultThenSuccess_ExactlyOneCorrectFile(string fault, int count)
    {
        await using var dropbox = await EmulatedDropbox.StartAsync(null, Ct);
        await dropbox.SetFaultsAsync(Ct, ("files/upload", fault, count));
        var client = dropbox.Client();
        var data = Bytes(100_000, seed: 1);

        var metadata = await client.UploadFileAsync(data, new DropboxCommitInfo("/f/one.bin"), Ct).DefaultTimeout();

        await AssertOneFileAsync(client, "/f/one.bin", data);
        Assert.Equal(DropboxContentHasher.Compute(data), metadata.ContentHash);
        Assert.Equal(count + 1, await dropbox.CounterAsync("files/upload", Ct));
        if (fault.StartsWith("too_many", StringComparison.Ordinal))
        {
            Assert.Contains(TimeSpan.FromSeconds(1), dropbox.ClientDelays); // Retry-After honoured (the default 1 s)
        }
    }

    [Theory]
    [InlineData("files/upload_session/append_v2", "lost_response")]
    [InlineData("files/upload_session/append_v2", "connection_reset")]
    [InlineData("files/upload_session/append_v2", "http_503")]
    [InlineData("files/upload_session/start", "lost_response")]
    [InlineData("files/upload_session/finish", "lost_response")]
    [InlineData("files/upload_session/finish", "http_503")]
    [InlineData("files/upload_session/finish", "too_many_write_operations")]
    public async Task SessionUpload_FaultOnOneStep_ExactlyOneCorrectFile(string route, string fault)
    {
        await using var dropbox = await EmulatedDropbox.StartAsync(null, Ct);
        await dropbox.SetFaultsAsync(Ct, (route, fault, 1));
        var client = dropbox.Client();
        var data = Bytes((3 * 4 * MiB) + 12345, seed: 2);

        var metadata = await client.UploadAsync(new MemoryStream(data), new DropboxCommitInfo("/s/pack.bin"), Ct).DefaultTimeout();

        Assert.Equal(DropboxContentHasher.Compute(data), metadata.ContentHash);
        Assert.Equal(data.Length, metadata.Size);
        await AssertOneFileAsync(client, "/s/pack.bin", data);
        var counters = await dropbox.CountersAsync(Ct);
        Assert.Equal(route == "files/upload_session/start" ? 2 : 1, counters.GetValueOrDefault("files/upload_session/start"));
        Assert.Equal(route == "files/upload_session/append_v2" ? 3 : 2, counters.GetValueOrDefault("files/upload_session/append_v2"));
        Assert.Equal(route == "files/upload_session/finish" ? 2 : 1, counters.GetValueOrDefault("files/upload_session/finish"));
    }

    [Fact]
    public async Task FinishBatch_LostResponse_RecheckedEveryEntrySucceeds()
    {
        await using var dropbox = await EmulatedDropbox.StartAsync(null, Ct);
        var client = dropbox.Client();
        var entries = new List<DropboxFinishBatchEntry>();
        var contents = new List<byte[]>();
        for (var i = 0; i < 3; i++)
        {
            var data = Bytes(1000 + i, seed: 10 + i);
            var session = await client.StartUploadSessionAsync(Ct).DefaultTimeout();
            await session.AppendAsync(data, Ct).DefaultTimeout();
            await session.CloseAsync(Ct).DefaultTimeout();
            entries.Add(new DropboxFinishBatchEntry(session.Cursor, new DropboxCommitInfo($"/b/{i}.bin"), session.ContentHash));
            contents.Add(data);
        }

        await dropbox.SetFaultsAsync(Ct, ("files/upload_session/finish_batch_v2", "lost_response", 1));
        var results = await client.FinishUploadBatchAsync(entries, Ct).DefaultTimeout();

        Assert.All(results, r => Assert.True(r.IsSuccess, r.Failure?.TagPath));
        for (var i = 0; i < 3; i++)
        {
            await AssertOneFileAsync(client, $"/b/{i}.bin", contents[i]);
        }

        Assert.Equal(2, await dropbox.CounterAsync("files/upload_session/finish_batch_v2", Ct));
    }

    [Fact]
    public async Task Download_FaultsBeforeHeaders_Retried()
    {
        await using var dropbox = await EmulatedDropbox.StartAsync(null, Ct);
        var client = dropbox.Client();
        var data = Bytes(5000, seed: 3);
        await client.UploadFileAsync(data, new DropboxCommitInfo("/dl.bin"), Ct).DefaultTimeout();
        await dropbox.SetFaultsAsync(Ct, ("files/download", "http_503", 1), ("files/download", "connection_reset", 1));

        using var copy = new MemoryStream();
        await client.DownloadToAsync("/dl.bin", copy, Ct).DefaultTimeout();

        Assert.Equal(data, copy.ToArray());
        Assert.Equal(3, await dropbox.CounterAsync("files/download", Ct));
    }

    [Fact]
    public async Task Upload_503Forever_DestinationUnavailableAfterMaxAttempts()
    {
        await using var dropbox = await EmulatedDropbox.StartAsync(null, Ct);
        await dropbox.SetFaultsAsync(Ct, ("files/upload", "http_503", 100));
        var client = dropbox.Client(configure: o => o.MaxAttempts = 4);

        var error = await Assert.ThrowsAsync<DropboxApiException>(
            () => client.UploadFileAsync(new byte[10], new DropboxCommitInfo("/x"), Ct).DefaultTimeout());

        Assert.Equal(RetroGridErrorCodes.DestinationUnavailable, error.Code);
        Assert.Equal(4, await dropbox.CounterAsync("files/upload", Ct));
    }

    internal static byte[] Bytes(int length, int seed)
    {
        var data = new byte[length];
        new Random(seed).NextBytes(data);
        return data;
    }

    internal static async Task AssertOneFileAsync(DropboxClient client, string path, byte[] expected)
    {
        var folder = path[..path.LastIndexOf('/')];
        var files = new List<DropboxFileMetadata>();
        await foreach (var entry in client.ListFolderAllAsync(folder, cancellationToken: TestContext.Current.CancellationToken))
        {
            if (entry is DropboxFileMetadata file)
            {
                files.Add(file);
            }
        }

        var only = Assert.Single(files, f => f.PathLower!.StartsWith(path.ToLowerInvariant()[..path.LastIndexOf('.')], StringComparison.Ordinal));
        Assert.Equal(path.ToLowerInvariant(), only.PathLower);
        Assert.Equal(DropboxContentHasher.Compute(expected), only.ContentHash);
        var revisions = await client.ListRevisionsAsync(path, cancellationToken: TestContext.Current.CancellationToken);
        Assert.Single(revisions.Entries);
        using var copy = new MemoryStream();
        await client.DownloadToAsync(path, copy, TestContext.Current.CancellationToken);
        Assert.Equal(expected, copy.ToArray());
    }
}
