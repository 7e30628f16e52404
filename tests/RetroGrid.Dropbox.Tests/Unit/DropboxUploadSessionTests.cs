using System.Net;
using System.Text.Json;
using RetroGrid.Testing;

namespace RetroGrid.Dropbox.Tests;

public sealed class DropboxUploadSessionTests : IDisposable
{
    private const string FileMeta = """{"name":"f","id":"id:f","client_modified":"2026-01-01T00:00:00Z","server_modified":"2026-01-01T00:00:00Z","rev":"0123456789","size":SIZE,"content_hash":"HASH"}""";
    private readonly SignalingTimeProvider _time = new();
    private readonly ScriptedHandler _handler = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => _handler.Dispose();

    [Fact]
    public async Task Append_LostAnswerThenIncorrectOffsetAtEnd_TreatedAsLanded()
    {
        _handler.Then(() => new HttpResponseMessage(HttpStatusCode.BadGateway))
            .ThenJson(HttpStatusCode.Conflict, """{"error_summary":"incorrect_offset/.","error":{".tag":"incorrect_offset","correct_offset":1100}}""");
        var session = TestClients.Client(_handler, _time).ResumeUploadSession(new DropboxUploadSessionCursor("sid", 1000));

        var append = session.AppendAsync(new byte[100], Ct);
        await _time.NextDelayAsync(Ct).DefaultTimeout();
        _time.Advance(TimeSpan.FromSeconds(1));
        await append.DefaultTimeout();

        Assert.Equal(1100, session.Offset);
        Assert.Equal(2, _handler.Requests.Count);
    }

    [Fact]
    public async Task Append_PartLanded_SendsOnlyTheRestAtTheCorrectOffset()
    {
        _handler.ThenJson(HttpStatusCode.Conflict, """{"error":{".tag":"incorrect_offset","correct_offset":40}}""").ThenJson(HttpStatusCode.OK, "null");
        var session = TestClients.Client(_handler, _time).ResumeUploadSession(new DropboxUploadSessionCursor("sid", 0));
        var data = Enumerable.Range(0, 100).Select(i => (byte)i).ToArray();

        await session.AppendAsync(data, Ct).DefaultTimeout();

        var second = _handler.Requests.ToArray()[1];
        Assert.Equal(data[40..], second.Body);
        using var arg = JsonDocument.Parse(second.ApiArg!);
        Assert.Equal(40, arg.RootElement.GetProperty("cursor").GetProperty("offset").GetInt64());
        Assert.Equal(DropboxContentHasher.Compute(data.AsSpan(40)), arg.RootElement.GetProperty("content_hash").GetString());
        Assert.Equal(100, session.Offset);
    }

    [Fact]
    public async Task Append_OffsetBehindThisRequest_UploadSessionLostWithClearDetail()
    {
        _handler.ThenJson(HttpStatusCode.Conflict, """{"error":{".tag":"incorrect_offset","correct_offset":10}}""");
        var session = TestClients.Client(_handler, _time).ResumeUploadSession(new DropboxUploadSessionCursor("sid", 500));

        var error = await Assert.ThrowsAsync<DropboxApiException>(() => session.AppendAsync(new byte[100], Ct).DefaultTimeout());

        Assert.Equal(RetroGridErrorCodes.UploadSessionLost, error.Code);
        Assert.Contains("Dropbox expects offset 10 but this request started at 500", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Finish_LostAnswerThenSessionGone_RecheckedByContentHash()
    {
        var data = new byte[] { 1, 2, 3 };
        var hash = DropboxContentHasher.Compute(data);
        _handler.ThenJson(HttpStatusCode.OK, """{"session_id":"sid"}""")
            .ThenThrow(new HttpRequestException("reset", new IOException("reset")))
            .ThenJson(HttpStatusCode.Conflict, """{"error":{".tag":"lookup_failed","lookup_failed":{".tag":"not_found"}}}""")
            .ThenJson(HttpStatusCode.OK, "{\".tag\":\"file\"," + FileMeta.Replace("SIZE", "3", StringComparison.Ordinal).Replace("HASH", hash, StringComparison.Ordinal)[1..]);
        var client = TestClients.Client(_handler, _time);
        var session = await client.StartUploadSessionAsync(data, Ct).DefaultTimeout();

        var finish = session.FinishAsync(new DropboxCommitInfo("/f"), Ct);
        await _time.NextDelayAsync(Ct).DefaultTimeout();
        _time.Advance(TimeSpan.FromSeconds(1));
        var metadata = await finish.DefaultTimeout();

        Assert.Equal(hash, metadata.ContentHash);
        Assert.Equal(hash, session.ContentHash);
        Assert.EndsWith("/2/files/get_metadata", _handler.Requests.Last().Uri.AbsolutePath, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Finish_SessionGoneWithoutLostAnswer_NotRechecked()
    {
        _handler.ThenJson(HttpStatusCode.Conflict, """{"error":{".tag":"lookup_failed","lookup_failed":{".tag":"not_found"}}}""");
        var session = TestClients.Client(_handler, _time).ResumeUploadSession(new DropboxUploadSessionCursor("sid", 3));

        var error = await Assert.ThrowsAsync<DropboxApiException>(() => session.FinishAsync(new DropboxCommitInfo("/f"), Ct).DefaultTimeout());

        Assert.Equal("lookup_failed/not_found", error.TagPath);
        Assert.Single(_handler.Requests);
    }

    [Fact]
    public async Task UploadAsync_LargerThanChunk_StartAppendFinishWithFileHash()
    {
        const int Chunk = 4 * 1024 * 1024;
        var data = new byte[(2 * Chunk) + 5];
        Random.Shared.NextBytes(data);
        var hash = DropboxContentHasher.Compute(data);
        _handler.ThenJson(HttpStatusCode.OK, """{"session_id":"sid"}""")
            .ThenJson(HttpStatusCode.OK, "null")
            .ThenJson(HttpStatusCode.OK, FileMeta.Replace("SIZE", data.Length.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal).Replace("HASH", hash, StringComparison.Ordinal));
        var client = TestClients.Client(_handler, _time);

        var metadata = await client.UploadAsync(new MemoryStream(data), new DropboxCommitInfo("/big.bin") { Mode = DropboxWriteMode.Overwrite }, Ct).DefaultTimeout();

        var requests = _handler.Requests.ToArray();
        Assert.Equal(["/2/files/upload_session/start", "/2/files/upload_session/append_v2", "/2/files/upload_session/finish"], requests.Select(r => r.Uri.AbsolutePath));
        Assert.Equal(data, requests.SelectMany(r => r.Body).ToArray());
        using var finishArg = JsonDocument.Parse(requests[2].ApiArg!);
        Assert.Equal(2 * Chunk, finishArg.RootElement.GetProperty("cursor").GetProperty("offset").GetInt64());
        Assert.Equal("overwrite", finishArg.RootElement.GetProperty("commit").GetProperty("mode").GetString());
        Assert.Equal(hash, metadata.ContentHash);
    }

    [Fact]
    public async Task UploadAsync_SmallerThanChunk_OneFilesUpload()
    {
        _handler.ThenJson(HttpStatusCode.OK, FileMeta.Replace("SIZE", "3", StringComparison.Ordinal).Replace("HASH", "x", StringComparison.Ordinal));
        var client = TestClients.Client(_handler, _time);

        await client.UploadAsync(new MemoryStream([9, 8, 7]), new DropboxCommitInfo("/small ü.bin"), Ct).DefaultTimeout();

        var request = Assert.Single(_handler.Requests);
        Assert.Equal("http://content.dropbox.test/2/files/upload", request.Uri.AbsoluteUri);
        Assert.Equal("application/octet-stream", request.ContentType);
        Assert.Equal(new byte[] { 9, 8, 7 }, request.Body);
        Assert.Contains("\"path\":\"/small \\u00fc.bin\"", request.ApiArg, StringComparison.Ordinal);
        Assert.Contains("\"content_hash\":\"" + DropboxContentHasher.Compute([9, 8, 7]) + "\"", request.ApiArg, StringComparison.Ordinal);
    }
}
