using System.Net;
using System.Net.Http.Headers;
using RetroGrid.Testing;

namespace RetroGrid.Dropbox.Tests;

public sealed class DropboxRequestExecutorTests : IDisposable
{
    private const string Ok = """{"result":"hi"}""";
    private readonly SignalingTimeProvider _time = new();
    private readonly ScriptedHandler _handler = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => _handler.Dispose();

    [Fact]
    public async Task Send_429WithRetryAfterHeader_WaitsThatLongThenSucceeds()
    {
        _handler.ThenText((HttpStatusCode)429, "too_many_requests", r => r.Headers.RetryAfter = new RetryConditionHeaderValue(TimeSpan.FromSeconds(7)))
            .ThenJson(HttpStatusCode.OK, Ok);
        var client = TestClients.Client(_handler, _time);

        var call = client.CheckUserAsync("hi", Ct);
        Assert.Equal(TimeSpan.FromSeconds(7), await _time.NextDelayAsync(Ct).DefaultTimeout());
        _time.Advance(TimeSpan.FromSeconds(7));

        Assert.Equal("hi", await call.DefaultTimeout());
        Assert.Equal(2, _handler.Requests.Count);
    }

    [Fact]
    public async Task Send_429BodyRetryAfterLargerThanHeader_WaitsForBody()
    {
        _handler.ThenJson((HttpStatusCode)429, """{"error_summary":"too_many_requests/..","error":{"reason":{".tag":"too_many_requests"},"retry_after":12}}""",
                r => r.Headers.RetryAfter = new RetryConditionHeaderValue(TimeSpan.FromSeconds(3)))
            .ThenJson(HttpStatusCode.OK, Ok);
        var client = TestClients.Client(_handler, _time);

        var call = client.CheckUserAsync("hi", Ct);

        Assert.Equal(TimeSpan.FromSeconds(12), await _time.NextDelayAsync(Ct).DefaultTimeout());
        _time.Advance(TimeSpan.FromSeconds(12));
        await call.DefaultTimeout();
    }

    [Fact]
    public async Task Send_PlainText429WithoutRetryAfter_FallsBackToFiveSeconds()
    {
        _handler.ThenText((HttpStatusCode)429, "too_many_requests").ThenJson(HttpStatusCode.OK, Ok);
        var client = TestClients.Client(_handler, _time);

        var call = client.CheckUserAsync("hi", Ct);

        Assert.Equal(TimeSpan.FromSeconds(5), await _time.NextDelayAsync(Ct).DefaultTimeout());
        _time.Advance(TimeSpan.FromSeconds(5));
        await call.DefaultTimeout();
    }

    [Fact]
    public async Task Send_503Always_ExponentialBackoffThenDestinationUnavailableAfterMaxAttempts()
    {
        _handler.Fallback = (_, _) => Task.FromResult(new HttpResponseMessage(HttpStatusCode.ServiceUnavailable));
        var client = TestClients.Client(_handler, _time, configure: o => o.MaxAttempts = 3);

        var call = client.CheckUserAsync("hi", Ct);
        Assert.Equal(TimeSpan.FromMilliseconds(500), await _time.NextDelayAsync(Ct).DefaultTimeout()); // 1 s base, half jitter fixed at 0
        _time.Advance(TimeSpan.FromMilliseconds(500));
        Assert.Equal(TimeSpan.FromSeconds(1), await _time.NextDelayAsync(Ct).DefaultTimeout());
        _time.Advance(TimeSpan.FromSeconds(1));

        var error = await Assert.ThrowsAsync<DropboxApiException>(() => call.DefaultTimeout());
        Assert.Equal(RetroGridErrorCodes.DestinationUnavailable, error.Code);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, error.StatusCode);
        Assert.Equal(3, _handler.Requests.Count);
    }

    [Fact]
    public void Backoff_Capped_AtMaxDelay()
    {
        var policy = new DropboxRetryPolicy(TestClients.Options()) { Jitter = () => 1.0 };

        Assert.Equal(TimeSpan.FromSeconds(1), policy.GetBackoff(2));
        Assert.Equal(TimeSpan.FromSeconds(2), policy.GetBackoff(3));
        Assert.Equal(TimeSpan.FromSeconds(8), policy.GetBackoff(20));
    }

    [Fact]
    public async Task Send_ConnectionReset_Retried()
    {
        _handler.ThenThrow(new HttpRequestException("reset", new IOException("Connection reset by peer"))).ThenJson(HttpStatusCode.OK, Ok);
        var client = TestClients.Client(_handler, _time);

        var call = client.CheckUserAsync("hi", Ct);
        await _time.NextDelayAsync(Ct).DefaultTimeout();
        _time.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal("hi", await call.DefaultTimeout());
        Assert.Equal(2, _handler.Requests.Count);
    }

    [Fact]
    public async Task Send_AttemptTimeout_TimerFromTimeProviderThenRetried()
    {
        var first = true;
        _handler.Fallback = async (_, ct) =>
        {
            if (first)
            {
                first = false;
                await Task.Delay(Timeout.Infinite, ct); // hangs until the per-attempt deadline cancels it
            }

            return ScriptedHandler.Json(HttpStatusCode.OK, Ok);
        };
        var client = TestClients.Client(_handler, _time, configure: o => o.OperationTimeout = TimeSpan.FromMinutes(2));

        var call = client.CheckUserAsync("hi", Ct);
        await _time.NextTimerAsync(d => d == TimeSpan.FromMinutes(2), Ct).DefaultTimeout();
        _time.Advance(TimeSpan.FromMinutes(2));
        await _time.NextDelayAsync(Ct).DefaultTimeout();
        _time.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal("hi", await call.DefaultTimeout());
    }

    [Fact]
    public async Task Send_NonSeekableBodyAnd503_NotRetried()
    {
        _handler.Fallback = (_, _) => Task.FromResult(new HttpResponseMessage(HttpStatusCode.ServiceUnavailable));
        var client = TestClients.Client(_handler, _time);
        var session = client.ResumeUploadSession(new DropboxUploadSessionCursor("sid", 0));
        using var source = new NonSeekableStream(new byte[100]);

        var error = await Assert.ThrowsAsync<DropboxApiException>(() => session.AppendAsync(source, 100, Ct).DefaultTimeout());

        Assert.Equal(RetroGridErrorCodes.DestinationUnavailable, error.Code);
        Assert.Single(_handler.Requests);
    }

    [Fact]
    public async Task Send_SeekableStreamBodyAnd503_RetriedWithSameBytes()
    {
        _handler.Then(() => new HttpResponseMessage(HttpStatusCode.ServiceUnavailable)).ThenJson(HttpStatusCode.OK, "null");
        var client = TestClients.Client(_handler, _time);
        var session = client.ResumeUploadSession(new DropboxUploadSessionCursor("sid", 0));
        var bytes = Enumerable.Range(0, 300).Select(i => (byte)i).ToArray();
        using var source = new MemoryStream(bytes);
        source.Position = 100;

        var append = session.AppendAsync(source, 150, Ct);
        await _time.NextDelayAsync(Ct).DefaultTimeout();
        _time.Advance(TimeSpan.FromSeconds(1));
        await append.DefaultTimeout();

        var requests = _handler.Requests.ToArray();
        Assert.Equal(2, requests.Length);
        Assert.Equal(bytes[100..250], requests[0].Body);
        Assert.Equal(bytes[100..250], requests[1].Body);
        Assert.Contains(DropboxContentHasher.Compute(bytes.AsSpan(100, 150)), requests[1].ApiArg, StringComparison.Ordinal);
        Assert.Equal(150, session.Offset);
        Assert.Equal(250, source.Position);
    }

    [Theory]
    [InlineData("expired_access_token")]
    [InlineData("invalid_access_token")]
    public async Task Send_ExpiredOrRevokedAccessToken_OneForcedRefreshAndOneRepeat(string tag)
    {
        var tokens = new FakeTokenSource();
        _handler.ThenJson(HttpStatusCode.Unauthorized, "{\"error_summary\":\"" + tag + "/..\",\"error\":{\".tag\":\"" + tag + "\"}}")
            .ThenJson(HttpStatusCode.OK, Ok);
        var client = TestClients.Client(_handler, _time, tokens, o => o.MaxAttempts = 1);

        Assert.Equal("hi", await client.CheckUserAsync("hi", Ct).DefaultTimeout());

        Assert.Equal(1, tokens.ForcedRefreshes);
        Assert.Equal(["token-1", "token-2"], _handler.Requests.Select(r => r.BearerToken));
    }

    [Fact]
    public async Task Send_ExpiredTwice_SurfacesNeedsReauthorization()
    {
        var tokens = new FakeTokenSource();
        _handler.Fallback = (_, _) => Task.FromResult(ScriptedHandler.Json(HttpStatusCode.Unauthorized, """{"error":{".tag":"expired_access_token"}}"""));
        var client = TestClients.Client(_handler, _time, tokens);

        var error = await Assert.ThrowsAsync<DropboxApiException>(() => client.CheckUserAsync("hi", Ct).DefaultTimeout());

        Assert.Equal(RetroGridErrorCodes.NeedsReauthorization, error.Code);
        Assert.Equal(2, _handler.Requests.Count);
        Assert.Equal(1, tokens.ForcedRefreshes);
    }

    [Fact]
    public async Task Send_ExpiredWithStaticToken_NotRepeated()
    {
        _handler.Fallback = (_, _) => Task.FromResult(ScriptedHandler.Json(HttpStatusCode.Unauthorized, """{"error":{".tag":"expired_access_token"}}"""));
        var client = TestClients.Client(_handler, _time, new StaticDropboxTokenSource("legacy-token"));

        var error = await Assert.ThrowsAsync<DropboxApiException>(() => client.CheckUserAsync("hi", Ct).DefaultTimeout());

        Assert.Equal("expired_access_token", error.TagPath);
        Assert.Single(_handler.Requests);
    }

    [Theory]
    [InlineData("user_suspended")]
    [InlineData("missing_scope")]
    public async Task Send_Other401_NotRetried(string tag)
    {
        var tokens = new FakeTokenSource();
        _handler.ThenJson(HttpStatusCode.Unauthorized, "{\"error\":{\".tag\":\"" + tag + "\"}}");
        var client = TestClients.Client(_handler, _time, tokens);

        var error = await Assert.ThrowsAsync<DropboxApiException>(() => client.CheckUserAsync("hi", Ct).DefaultTimeout());

        Assert.Equal(tag, error.TagPath);
        Assert.Single(_handler.Requests);
        Assert.Equal(0, tokens.ForcedRefreshes);
    }

    [Fact]
    public async Task Send_400Text_NotRetriedBadRequest()
    {
        _handler.ThenText(HttpStatusCode.BadRequest, "Error in call to API function \"check/user\": bad");
        var client = TestClients.Client(_handler, _time);

        var error = await Assert.ThrowsAsync<DropboxApiException>(() => client.CheckUserAsync("hi", Ct).DefaultTimeout());

        Assert.Equal(RetroGridErrorCodes.BadRequest, error.Code);
        Assert.Single(_handler.Requests);
    }

    [Fact]
    public async Task Send_CancelledDuringBackoff_OperationCanceled()
    {
        _handler.Fallback = (_, _) => Task.FromResult(new HttpResponseMessage(HttpStatusCode.InternalServerError));
        var client = TestClients.Client(_handler, _time);
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(Ct);

        var call = client.CheckUserAsync("hi", cts.Token);
        await _time.NextDelayAsync(Ct).DefaultTimeout();
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call.DefaultTimeout());
        Assert.Single(_handler.Requests);
    }

    [Fact]
    public async Task Send_409TooManyWriteOperations_RetriedWithBackoff()
    {
        _handler.ThenJson(HttpStatusCode.Conflict, """{"error_summary":"too_many_write_operations/...","error":{".tag":"too_many_write_operations"}}""")
            .ThenJson(HttpStatusCode.OK, """{"metadata":{".tag":"folder","name":"b","id":"id:b"}}""");
        var client = TestClients.Client(_handler, _time);

        var call = client.CreateFolderAsync("/b", cancellationToken: Ct);
        await _time.NextDelayAsync(Ct).DefaultTimeout();
        _time.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal("id:b", (await call.DefaultTimeout()).Id);
    }

    [Fact]
    public async Task Send_RpcRequest_WireShape()
    {
        _handler.ThenJson(HttpStatusCode.OK, """{"account_id":"dbid:x","name":{"display_name":"X"},"email":"x@example.com","account_type":{".tag":"pro"},"root_info":{".tag":"user","root_namespace_id":"1","home_namespace_id":"1"}}""");
        var client = TestClients.Client(_handler, _time);

        var account = await client.GetCurrentAccountAsync(Ct).DefaultTimeout();

        var request = Assert.Single(_handler.Requests);
        Assert.Equal("http://api.dropbox.test/2/users/get_current_account", request.Uri.AbsoluteUri);
        Assert.Equal("null", request.BodyText);
        Assert.StartsWith("application/json", request.ContentType, StringComparison.Ordinal);
        Assert.Equal("token-1", request.BearerToken);
        Assert.Equal("pro", account.AccountType.Tag);
    }

    private sealed class NonSeekableStream(byte[] data) : MemoryStream(data)
    {
        public override bool CanSeek => false;
    }
}
