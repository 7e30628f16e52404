using System.Globalization;
using System.Net;
using System.Text.Json;
using RetroGrid.Testing;

namespace RetroGrid.Dropbox.Tests;

// UploadAsync reads one chunk ahead while the previous one is sent: every request must still carry its own bytes and
// their hash, and a read-ahead must be stopped before the source moves or the call returns.
public sealed class DropboxUploadPipelineTests : IDisposable
{
    private const int Chunk = 4 * 1024 * 1024;
    private readonly SignalingTimeProvider _time = new();
    private readonly ScriptedHandler _handler = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => _handler.Dispose();

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task UploadAsync_ManyChunks_EveryRequestCarriesItsBytesAndTheirHash(bool seekable)
    {
        var data = UploadChunkReaderTests.Bytes((5 * Chunk) + 777, seed: 11);
        AnswerSessionRoutes(data);
        var client = TestClients.Client(_handler, _time);

        await client.UploadAsync(new GatedStream(data, long.MaxValue, seekable), new DropboxCommitInfo("/p.bin"), Ct).DefaultTimeout();

        var requests = Parse(_handler.Requests);
        Assert.Equal([0L, Chunk, 2L * Chunk, 3L * Chunk, 4L * Chunk, 5L * Chunk], requests.Select(r => r.Offset));
        Assert.Equal(data, requests.SelectMany(r => r.Body).ToArray());
        AssertEachRequestConsistent(data, requests);
    }

    [Fact]
    public async Task UploadAsync_ServerLostAnEarlierChunk_RewindsPastTheDiscardedReadAhead()
    {
        var data = UploadChunkReaderTests.Bytes((4 * Chunk) + 1000, seed: 12);

        // The answer that reveals the loss comes while the read-ahead of chunk 3 is halfway through its bytes.
        var source = new GatedStream(data, (3 * Chunk) + 1, seekable: true);
        _handler.ThenJson(HttpStatusCode.OK, """{"session_id":"sid"}""")
            .ThenJson(HttpStatusCode.OK, "null")
            .Then(async (_, ct) =>
            {
                await source.ReachedGate.WaitAsync(ct);
                return ScriptedHandler.Json(HttpStatusCode.Conflict, """{"error":{".tag":"incorrect_offset","correct_offset":4194304}}""");
            });
        AnswerSessionRoutes(data);
        var client = TestClients.Client(_handler, _time);

        var metadata = await client.UploadAsync(source, new DropboxCommitInfo("/r.bin"), Ct).DefaultTimeout();

        var requests = Parse(_handler.Requests);
        Assert.Equal([0L, Chunk, 2L * Chunk, Chunk, 2L * Chunk, 3L * Chunk, 4L * Chunk], requests.Select(r => r.Offset));
        Assert.Equal("/2/files/upload_session/finish", requests[^1].Route);
        AssertEachRequestConsistent(data, requests);
        Assert.Equal(data.Length, metadata.Size);
        Assert.Equal(1, source.CancelledReads);
    }

    [Fact]
    public async Task UploadAsync_AppendFailsWhileReadingAhead_ReadAheadStoppedBeforeTheErrorReturns()
    {
        var data = UploadChunkReaderTests.Bytes(6 * Chunk, seed: 13);
        var source = new GatedStream(data, 3 * Chunk, seekable: true);
        _handler.ThenJson(HttpStatusCode.OK, """{"session_id":"sid"}""")
            .ThenJson(HttpStatusCode.OK, "null")
            .Then(async (_, ct) =>
            {
                await source.ReachedGate.WaitAsync(ct);
                return ScriptedHandler.Json(HttpStatusCode.Conflict, """{"error":{".tag":"closed"}}""");
            });
        var client = TestClients.Client(_handler, _time);

        var error = await Assert.ThrowsAsync<DropboxApiException>(
            () => client.UploadAsync(source, new DropboxCommitInfo("/f.bin"), Ct).DefaultTimeout());

        Assert.Equal("closed", error.TagPath);
        Assert.Equal(0, source.ActiveReads);
        Assert.Equal(1, source.CancelledReads);
    }

    [Fact]
    public async Task UploadAsync_CancelledWhileReadingAhead_ReadAheadStoppedBeforeTheCancellationReturns()
    {
        var data = UploadChunkReaderTests.Bytes(6 * Chunk, seed: 14);
        var source = new GatedStream(data, 2 * Chunk, seekable: false);
        using var cancellation = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        _handler.ThenJson(HttpStatusCode.OK, """{"session_id":"sid"}""")
            .Then(async (_, ct) =>
            {
                await source.ReachedGate.WaitAsync(ct);
                await cancellation.CancelAsync();
                await Task.Delay(Timeout.InfiniteTimeSpan, ct); // the append hangs until the caller gives up
                throw new InvalidOperationException("unreachable");
            });
        var client = TestClients.Client(_handler, _time);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => client.UploadAsync(source, new DropboxCommitInfo("/c.bin"), cancellation.Token).DefaultTimeout());

        Assert.Equal(0, source.ActiveReads);
        Assert.Equal(1, source.CancelledReads);
    }

    [Fact]
    public async Task UploadAsync_SendContentHashOff_NoHashSentButFileHashStillKnown()
    {
        var data = UploadChunkReaderTests.Bytes((2 * Chunk) + 3, seed: 15);
        var hash = DropboxContentHasher.Compute(data);
        _handler.ThenJson(HttpStatusCode.OK, """{"session_id":"sid"}""")
            .ThenJson(HttpStatusCode.OK, "null")
            .ThenThrow(new HttpRequestException("reset", new IOException("reset")))
            .ThenJson(HttpStatusCode.Conflict, """{"error":{".tag":"lookup_failed","lookup_failed":{".tag":"not_found"}}}""")
            .ThenJson(HttpStatusCode.OK, FileJson(data.Length, hash));
        var client = TestClients.Client(_handler, _time, configure: o => o.SendContentHash = false);

        var upload = client.UploadAsync(new MemoryStream(data), new DropboxCommitInfo("/n.bin"), Ct);
        await _time.NextDelayAsync(Ct).DefaultTimeout();
        _time.Advance(TimeSpan.FromSeconds(1));
        var metadata = await upload.DefaultTimeout();

        // The lost commit was recognised by the whole-file hash, which the read-ahead computed without sending it.
        Assert.Equal(hash, metadata.ContentHash);
        Assert.EndsWith("/2/files/get_metadata", _handler.Requests.Last().Uri.AbsolutePath, StringComparison.Ordinal);
        Assert.All(_handler.Requests, r => Assert.DoesNotContain("content_hash", r.ApiArg ?? "", StringComparison.Ordinal));
    }

    private static string FileJson(long size, string hash) =>
        "{\".tag\":\"file\",\"name\":\"f\",\"id\":\"id:f\",\"client_modified\":\"2026-01-01T00:00:00Z\",\"server_modified\":\"2026-01-01T00:00:00Z\","
        + "\"rev\":\"0123456789\",\"size\":" + size.ToString(CultureInfo.InvariantCulture) + ",\"content_hash\":\"" + hash + "\"}";

    private static List<SentPart> Parse(IEnumerable<RecordedRequest> requests) =>
    [
        .. requests.Select(r =>
        {
            using var arg = JsonDocument.Parse(r.ApiArg!);
            var root = arg.RootElement;
            var offset = root.TryGetProperty("cursor", out var cursor) ? cursor.GetProperty("offset").GetInt64() : 0;
            var hash = root.TryGetProperty("content_hash", out var h) ? h.GetString() : null;
            return new SentPart(r.Uri.AbsolutePath, offset, hash, r.Body);
        }),
    ];

    private static void AssertEachRequestConsistent(byte[] data, List<SentPart> requests)
    {
        foreach (var request in requests)
        {
            Assert.Equal(data.AsSpan((int)request.Offset, request.Body.Length).ToArray(), request.Body);
            Assert.Equal(DropboxContentHasher.Compute(request.Body), request.ContentHash);
        }
    }

    private void AnswerSessionRoutes(byte[] data) =>
        _handler.Fallback = (request, _) => Task.FromResult(request.RequestUri!.AbsolutePath switch
        {
            "/2/files/upload_session/start" => ScriptedHandler.Json(HttpStatusCode.OK, """{"session_id":"sid"}"""),
            "/2/files/upload_session/finish" => ScriptedHandler.Json(HttpStatusCode.OK, FileJson(data.Length, DropboxContentHasher.Compute(data))),
            _ => ScriptedHandler.Json(HttpStatusCode.OK, "null"),
        });

    private sealed record SentPart(string Route, long Offset, string? ContentHash, byte[] Body);
}
