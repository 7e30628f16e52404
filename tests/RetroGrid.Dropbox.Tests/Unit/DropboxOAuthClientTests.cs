using System.Net;
using RetroGrid.Testing;

namespace RetroGrid.Dropbox.Tests;

public sealed class DropboxOAuthClientTests : IDisposable
{
    private readonly SignalingTimeProvider _time = new();
    private readonly ScriptedHandler _handler = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => _handler.Dispose();

    [Fact]
    public void CreateAuthorizationRequest_AllParameters()
    {
        var oauth = TestClients.OAuth(_handler, _time);

        var request = oauth.CreateAuthorizationRequest(new DropboxAuthorizeOptions
        {
            Scopes = ["files.content.write", "account_info.read"],
            RedirectUri = new Uri("http://127.0.0.1:5000/cb"),
            ForceReapprove = true,
            IncludeGrantedScopes = "user",
        });

        Assert.Equal(
            "http://dropbox.test/oauth2/authorize?client_id=test-app&response_type=code&token_access_type=offline"
            + "&code_challenge=" + DropboxPkce.ComputeS256Challenge(request.CodeVerifier) + "&code_challenge_method=S256&state=" + request.State
            + "&redirect_uri=http%3A%2F%2F127.0.0.1%3A5000%2Fcb&scope=files.content.write%20account_info.read&include_granted_scopes=user&force_reapprove=true",
            request.AuthorizeUri.AbsoluteUri);
        Assert.DoesNotContain(request.CodeVerifier, request.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void BuildAuthorizeUri_NoRedirect_PasteTheCodeFlow()
    {
        var uri = TestClients.OAuth(_handler, _time).BuildAuthorizeUri("challenge", "st");

        Assert.DoesNotContain("redirect_uri", uri.Query, StringComparison.Ordinal);
        Assert.DoesNotContain("scope=", uri.Query, StringComparison.Ordinal);
    }

    [Fact]
    public void ParseAuthorizationRedirect_CodeDeniedAndForged()
    {
        Assert.Equal("the code", DropboxOAuthClient.ParseAuthorizationRedirect(new Uri("http://x/cb?code=the%20code&state=s1"), "s1"));

        var denied = Assert.Throws<DropboxApiException>(() =>
            DropboxOAuthClient.ParseAuthorizationRedirect(new Uri("http://x/cb?error=access_denied&error_description=no&state=s1"), "s1"));
        Assert.Equal(RetroGridErrorCodes.AuthorizationRefused, denied.Code);
        Assert.Equal("access_denied", denied.TagPath);

        var forged = Assert.Throws<DropboxApiException>(() =>
            DropboxOAuthClient.ParseAuthorizationRedirect(new Uri("http://x/cb?code=c&state=other"), "s1"));
        Assert.Equal("state_mismatch", forged.TagPath);
    }

    [Fact]
    public async Task ExchangeCode_FormBodyAndCredentials()
    {
        _handler.ThenJson(HttpStatusCode.OK, """
            {"access_token":"sl.abc","token_type":"bearer","expires_in":14400,"refresh_token":"rt-secret",
             "scope":"account_info.read files.content.write","uid":"12345","account_id":"dbid:x"}
            """);
        var oauth = TestClients.OAuth(_handler, _time);

        var credentials = await oauth.ExchangeCodeAsync("code-1", "verifier-1", new Uri("http://127.0.0.1/cb"), Ct).DefaultTimeout();

        Assert.Equal(
            "grant_type=authorization_code&code=code-1&client_id=test-app&code_verifier=verifier-1&redirect_uri=http%3A%2F%2F127.0.0.1%2Fcb",
            Assert.Single(_handler.Requests).BodyText);
        Assert.Equal("application/x-www-form-urlencoded", _handler.Requests.Single().ContentType);
        Assert.Equal("sl.abc", credentials.AccessToken.Value);
        Assert.Equal("rt-secret", credentials.RefreshToken);
        Assert.Equal(_time.GetUtcNow().AddHours(4), credentials.AccessToken.ExpiresAt);
        Assert.Equal(["account_info.read", "files.content.write"], credentials.AccessToken.Scopes);
        Assert.Equal("dbid:x", credentials.AccountId);
        Assert.DoesNotContain("sl.abc", credentials.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("rt-secret", credentials.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("sl.abc", credentials.AccessToken.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ExchangeCode_ServerError_NotRepeatedBecauseCodesAreSingleUse()
    {
        _handler.Fallback = (_, _) => Task.FromResult(new HttpResponseMessage(HttpStatusCode.InternalServerError));
        var oauth = TestClients.OAuth(_handler, _time);

        var error = await Assert.ThrowsAsync<DropboxApiException>(() => oauth.ExchangeCodeAsync("code-secret", "verifier-secret", null, Ct).DefaultTimeout());

        Assert.Single(_handler.Requests);
        Assert.Equal(RetroGridErrorCodes.DestinationUnavailable, error.Code);
        Assert.DoesNotContain("code-secret", error.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("verifier-secret", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ExchangeCode_InvalidGrant401_TypedError()
    {
        _handler.ThenJson(HttpStatusCode.Unauthorized, """{"error":"invalid_grant","error_description":"code doesn't exist or has expired"}""");

        var error = await Assert.ThrowsAsync<DropboxApiException>(() => TestClients.OAuth(_handler, _time).ExchangeCodeAsync("c", "v", null, Ct).DefaultTimeout());

        Assert.Equal(RetroGridErrorCodes.NeedsReauthorization, error.Code);
        Assert.Equal(HttpStatusCode.Unauthorized, error.StatusCode);
        Assert.Equal("oauth2/token", error.Route);
    }

    [Fact]
    public void Credentials_Legacy_StaticSourceAndRedacted()
    {
        var credentials = DropboxCredentials.FromLegacyToken("legacy-secret-token");

        Assert.True(credentials.IsLegacy);
        Assert.IsType<StaticDropboxTokenSource>(credentials.CreateTokenSource(TestClients.OAuth(_handler, _time)));
        Assert.DoesNotContain("legacy-secret-token", credentials.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("legacy-secret-token", new StaticDropboxTokenSource("legacy-secret-token").ToString(), StringComparison.Ordinal);
    }
}
