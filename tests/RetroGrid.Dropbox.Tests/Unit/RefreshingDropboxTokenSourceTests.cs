using System.Net;
using RetroGrid.Testing;

namespace RetroGrid.Dropbox.Tests;

public sealed class RefreshingDropboxTokenSourceTests : IDisposable
{
    private readonly SignalingTimeProvider _time = new();
    private readonly ScriptedHandler _handler = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => _handler.Dispose();

    [Fact]
    public async Task Get_ConcurrentCallersWithoutToken_ShareOneRefresh()
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _handler.Fallback = async (_, _) =>
        {
            await release.Task;
            return ScriptedHandler.Json(HttpStatusCode.OK, """{"access_token":"sl.fresh","token_type":"bearer","expires_in":14400}""");
        };
        var source = new RefreshingDropboxTokenSource(TestClients.OAuth(_handler, _time), "refresh-secret", timeProvider: _time);

        var callers = Enumerable.Range(0, 10).Select(_ => source.GetAccessTokenAsync(false, Ct).AsTask()).ToArray();
        release.SetResult();
        var tokens = await Task.WhenAll(callers).DefaultTimeout();

        Assert.All(tokens, t => Assert.Equal("sl.fresh", t.Value));
        var request = Assert.Single(_handler.Requests);
        Assert.Equal("http://api.dropbox.test/oauth2/token", request.Uri.AbsoluteUri);
        Assert.Equal("grant_type=refresh_token&refresh_token=refresh-secret&client_id=test-app", request.BodyText);
    }

    [Fact]
    public async Task Get_ProactiveRefresh_FiveMinutesBeforeExpiry()
    {
        _handler.Fallback = (_, _) => Task.FromResult(ScriptedHandler.Json(HttpStatusCode.OK, """{"access_token":"sl.new","token_type":"bearer","expires_in":14400}"""));
        var initial = new DropboxAccessToken("sl.old", _time.GetUtcNow().AddHours(4), issuedAt: _time.GetUtcNow());
        var source = new RefreshingDropboxTokenSource(TestClients.OAuth(_handler, _time), "rt", initial, timeProvider: _time);

        _time.Advance(TimeSpan.FromHours(4) - TimeSpan.FromMinutes(5) - TimeSpan.FromSeconds(1));
        Assert.Equal("sl.old", (await source.GetAccessTokenAsync(false, Ct)).Value);
        Assert.Empty(_handler.Requests);

        _time.Advance(TimeSpan.FromSeconds(1));
        var fresh = await source.GetAccessTokenAsync(false, Ct).AsTask().DefaultTimeout();

        Assert.Equal("sl.new", fresh.Value);
        Assert.Equal(_time.GetUtcNow().AddSeconds(14400), fresh.ExpiresAt);
        Assert.Single(_handler.Requests);
        Assert.Equal("sl.new", (await source.GetAccessTokenAsync(false, Ct)).Value);
        Assert.Single(_handler.Requests);
    }

    [Fact]
    public async Task Get_ShortLifetime_RefreshesAtHalfLife()
    {
        _handler.Fallback = (_, _) => Task.FromResult(ScriptedHandler.Json(HttpStatusCode.OK, """{"access_token":"sl.new","token_type":"bearer","expires_in":2}"""));
        var initial = new DropboxAccessToken("sl.old", _time.GetUtcNow().AddSeconds(2), issuedAt: _time.GetUtcNow());
        var source = new RefreshingDropboxTokenSource(TestClients.OAuth(_handler, _time), "rt", initial, timeProvider: _time);

        _time.Advance(TimeSpan.FromMilliseconds(900));
        Assert.Equal("sl.old", (await source.GetAccessTokenAsync(false, Ct)).Value);
        _time.Advance(TimeSpan.FromMilliseconds(100));
        Assert.Equal("sl.new", (await source.GetAccessTokenAsync(false, Ct).AsTask().DefaultTimeout()).Value);
    }

    [Fact]
    public async Task Get_ForceRefresh_RefreshesValidToken()
    {
        _handler.ThenJson(HttpStatusCode.OK, """{"access_token":"sl.new","token_type":"bearer","expires_in":14400,"scope":"files.content.read"}""");
        var initial = new DropboxAccessToken("sl.old", _time.GetUtcNow().AddHours(4));
        var source = new RefreshingDropboxTokenSource(TestClients.OAuth(_handler, _time), "rt", initial, ["files.content.read"], _time);

        var token = await source.GetAccessTokenAsync(true, Ct).AsTask().DefaultTimeout();

        Assert.Equal("sl.new", token.Value);
        Assert.Equal(["files.content.read"], token.Scopes);
        Assert.EndsWith("&scope=files.content.read", Assert.Single(_handler.Requests).BodyText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_InvalidGrant_NeedsReauthorizationWithoutSecrets()
    {
        _handler.ThenJson(HttpStatusCode.BadRequest, """{"error":"invalid_grant","error_description":"refresh token is invalid or revoked"}""");
        var source = new RefreshingDropboxTokenSource(TestClients.OAuth(_handler, _time), "very-secret-refresh-token", timeProvider: _time);

        var error = await Assert.ThrowsAsync<DropboxApiException>(() => source.GetAccessTokenAsync(false, Ct).AsTask().DefaultTimeout());

        Assert.Equal(RetroGridErrorCodes.NeedsReauthorization, error.Code);
        Assert.DoesNotContain("very-secret-refresh-token", error.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("very-secret-refresh-token", source.ToString(), StringComparison.Ordinal);
        Assert.Single(_handler.Requests);
    }

    [Fact]
    public async Task Get_RefreshFails5xx_RetriedWithBackoff()
    {
        _handler.Then(() => new HttpResponseMessage(HttpStatusCode.ServiceUnavailable))
            .ThenJson(HttpStatusCode.OK, """{"access_token":"sl.new","token_type":"bearer","expires_in":14400}""");
        var source = new RefreshingDropboxTokenSource(TestClients.OAuth(_handler, _time), "rt", timeProvider: _time);

        var call = source.GetAccessTokenAsync(false, Ct).AsTask();
        await _time.NextDelayAsync(Ct).DefaultTimeout();
        _time.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal("sl.new", (await call.DefaultTimeout()).Value);
    }

    [Fact]
    public async Task Get_FirstCallerCancels_OthersStillGetTheToken()
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _handler.Fallback = async (_, _) =>
        {
            await release.Task;
            return ScriptedHandler.Json(HttpStatusCode.OK, """{"access_token":"sl.fresh","token_type":"bearer","expires_in":14400}""");
        };
        var source = new RefreshingDropboxTokenSource(TestClients.OAuth(_handler, _time), "rt", timeProvider: _time);
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(Ct);

        var first = source.GetAccessTokenAsync(false, cts.Token).AsTask();
        var second = source.GetAccessTokenAsync(false, Ct).AsTask();
        await cts.CancelAsync();
        release.SetResult();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => first.DefaultTimeout());
        Assert.Equal("sl.fresh", (await second.DefaultTimeout()).Value);
        Assert.Single(_handler.Requests);
    }
}
