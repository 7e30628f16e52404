using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Time.Testing;
using RetroGrid.Testing;

namespace RetroGrid.Dropbox.Tests;

public class OAuthIntegrationTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Pkce_AuthorizeRedirectExchange_ThenApiCall()
    {
        await using var dropbox = await EmulatedDropbox.StartAsync(null, Ct);
        var oauth = dropbox.OAuth();
        var request = oauth.CreateAuthorizationRequest(new DropboxAuthorizeOptions { RedirectUri = new Uri("http://127.0.0.1:1/cb") });
        using var browser = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });

        using var redirect = await browser.GetAsync(request.AuthorizeUri, Ct).DefaultTimeout();
        Assert.Equal(HttpStatusCode.Found, redirect.StatusCode);
        Assert.StartsWith("http://127.0.0.1:1/cb?", redirect.Headers.Location!.AbsoluteUri, StringComparison.Ordinal);
        var code = DropboxOAuthClient.ParseAuthorizationRedirect(redirect.Headers.Location, request.State);
        var credentials = await oauth.ExchangeCodeAsync(code, request.CodeVerifier, request.RedirectUri, Ct).DefaultTimeout();
        var client = dropbox.Client(credentials.CreateTokenSource(oauth, dropbox.ClientTime));
        var account = await client.GetCurrentAccountAsync(Ct).DefaultTimeout();

        Assert.StartsWith("sl.", credentials.AccessToken.Value, StringComparison.Ordinal);
        Assert.NotNull(credentials.RefreshToken);
        Assert.NotNull(credentials.AccessToken.ExpiresAt);
        Assert.Equal(credentials.AccountId, account.AccountId);
        var reuse = await Assert.ThrowsAsync<DropboxApiException>(() => oauth.ExchangeCodeAsync(code, request.CodeVerifier, request.RedirectUri, Ct).DefaultTimeout());
        Assert.Equal("invalid_grant", reuse.TagPath);
    }

    [Fact]
    public async Task Pkce_NoRedirectUri_CodeShownOnPageToPaste()
    {
        await using var dropbox = await EmulatedDropbox.StartAsync(null, Ct);
        var oauth = dropbox.OAuth();
        var request = oauth.CreateAuthorizationRequest();
        using var browser = new HttpClient();

        var html = await browser.GetStringAsync(request.AuthorizeUri, Ct).DefaultTimeout();
        var code = Regex.Match(html, "<code id=\"auth-code\">([^<]+)</code>").Groups[1].Value;
        var credentials = await oauth.ExchangeCodeAsync(WebUtility.HtmlDecode(code), request.CodeVerifier, null, Ct).DefaultTimeout();

        Assert.NotNull(credentials.RefreshToken);
    }

    [Fact]
    public async Task Exchange_WrongVerifier_InvalidGrant()
    {
        await using var dropbox = await EmulatedDropbox.StartAsync(null, Ct);
        var oauth = dropbox.OAuth();
        var request = oauth.CreateAuthorizationRequest(new DropboxAuthorizeOptions { RedirectUri = new Uri("http://127.0.0.1:1/cb") });
        using var browser = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
        using var redirect = await browser.GetAsync(request.AuthorizeUri, Ct).DefaultTimeout();
        var code = DropboxOAuthClient.ParseAuthorizationRedirect(redirect.Headers.Location!, request.State);

        var error = await Assert.ThrowsAsync<DropboxApiException>(
            () => oauth.ExchangeCodeAsync(code, DropboxPkce.CreateCodeVerifier(), request.RedirectUri, Ct).DefaultTimeout());

        Assert.Equal(RetroGridErrorCodes.NeedsReauthorization, error.Code);
        Assert.Equal("invalid_grant", error.TagPath);
        Assert.DoesNotContain(code, error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Expiry_TwoSecondTokens_ProactiveRefreshOnSharedFakeClock()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        await using var dropbox = await EmulatedDropbox.StartAsync(o =>
        {
            o.AccessTokenLifetime = TimeSpan.FromSeconds(2);
            o.TimeProvider = time;
        }, Ct, clientTime: time);
        var credentials = await dropbox.LinkAsync(Ct).DefaultTimeout();
        var client = dropbox.Client(credentials.CreateTokenSource(dropbox.OAuth(), time));

        await client.GetCurrentAccountAsync(Ct).DefaultTimeout();
        time.Advance(TimeSpan.FromSeconds(3));
        await client.GetCurrentAccountAsync(Ct).DefaultTimeout();

        Assert.Equal(2, await dropbox.CounterAsync("oauth2/token", Ct)); // code exchange + one refresh
        Assert.Equal(2, await dropbox.CounterAsync("users/get_current_account", Ct)); // no 401 on the way
    }

    [Fact]
    public async Task Expiry_ServerSaysExpired_OneRefreshAndOneRepeat()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        await using var dropbox = await EmulatedDropbox.StartAsync(o =>
        {
            o.AccessTokenLifetime = TimeSpan.FromSeconds(2);
            o.TimeProvider = time;
        }, Ct, clientTime: time);
        var credentials = await dropbox.LinkAsync(Ct).DefaultTimeout();

        // An agent-style source that trusts its token until the server refuses it.
        var source = new TrustingTokenSource(credentials.AccessToken, dropbox.OAuth(), credentials.RefreshToken!);
        var client = dropbox.Client(source);
        time.Advance(TimeSpan.FromSeconds(3));
        var account = await client.GetCurrentAccountAsync(Ct).DefaultTimeout();

        Assert.Equal(credentials.AccountId, account.AccountId);
        Assert.Equal(1, source.Refreshes);
        Assert.Equal(2, await dropbox.CounterAsync("users/get_current_account", Ct)); // 401 expired_access_token, then the repeat
    }

    [Fact]
    public async Task Unlink_RefreshRefused_NeedsReauthorization()
    {
        await using var dropbox = await EmulatedDropbox.StartAsync(null, Ct);
        var credentials = await dropbox.LinkAsync(Ct).DefaultTimeout();
        (await dropbox.Admin.PostAsync("__emulator/unlink", null, Ct)).EnsureSuccessStatusCode();
        var client = dropbox.Client(new RefreshingDropboxTokenSource(dropbox.OAuth(), credentials.RefreshToken!, timeProvider: dropbox.ClientTime));

        var error = await Assert.ThrowsAsync<DropboxApiException>(() => client.GetCurrentAccountAsync(Ct).DefaultTimeout());

        Assert.Equal(RetroGridErrorCodes.NeedsReauthorization, error.Code);
        Assert.Equal("oauth2/token", error.Route);
        Assert.DoesNotContain(credentials.RefreshToken!, error.ToString(), StringComparison.Ordinal);
    }

    private sealed class TrustingTokenSource(DropboxAccessToken initial, DropboxOAuthClient oauth, string refreshToken) : IDropboxTokenSource
    {
        private DropboxAccessToken _current = initial;

        public int Refreshes { get; private set; }

        public async ValueTask<DropboxAccessToken> GetAccessTokenAsync(bool forceRefresh, CancellationToken cancellationToken)
        {
            if (forceRefresh)
            {
                Refreshes++;
                _current = await oauth.RefreshAccessTokenAsync(refreshToken, null, cancellationToken);
            }

            return _current;
        }
    }
}
