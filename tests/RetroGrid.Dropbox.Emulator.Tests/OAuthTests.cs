using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Time.Testing;
using RetroGrid.Testing;

namespace RetroGrid.Dropbox.Emulator.Tests;

public sealed class OAuthTests
{
    private const string Redirect = "http://127.0.0.1:53682/callback";
    private static readonly string Verifier = new string('v', 20) + "-._~" + new string('A', 40);

    internal static string S256(string verifier) =>
        Convert.ToBase64String(SHA256.HashData(Encoding.ASCII.GetBytes(verifier))).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    /// <summary>Runs /oauth2/authorize with auto-approve and returns the code from the redirect.</summary>
    internal static async Task<string> AuthorizeAsync(
        EmulatorClient client, string? challenge = null, string method = "S256", string? redirect = Redirect, string? scope = null, string accessType = "offline")
    {
        var query = new Dictionary<string, string?>
        {
            ["client_id"] = "retrogrid-dev",
            ["response_type"] = "code",
            ["state"] = "st4te",
            ["code_challenge"] = challenge ?? S256(Verifier),
            ["code_challenge_method"] = method,
            ["token_access_type"] = accessType,
        };
        if (redirect is not null)
        {
            query["redirect_uri"] = redirect;
        }

        if (scope is not null)
        {
            query["scope"] = scope;
        }

        var response = await client.Http.GetAsync(QueryHelpers.AddQueryString("oauth2/authorize", query), EmulatorClient.Ct).DefaultTimeout();
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var location = response.Headers.Location!;
        Assert.StartsWith(Redirect + "?", location.ToString(), StringComparison.Ordinal);
        var parsed = QueryHelpers.ParseQuery(location.Query);
        Assert.Equal("st4te", parsed["state"].ToString());
        return parsed["code"].ToString();
    }

    internal static async Task<HttpResponseMessage> TokenAsync(EmulatorClient client, Dictionary<string, string> form, bool inQuery = false, AuthenticationHeaderValue? auth = null)
    {
        var request = inQuery
            ? new HttpRequestMessage(HttpMethod.Post, QueryHelpers.AddQueryString("oauth2/token", form!))
            : new HttpRequestMessage(HttpMethod.Post, "oauth2/token") { Content = new FormUrlEncodedContent(form) };
        request.Headers.Authorization = auth;
        return await client.Http.SendAsync(request, EmulatorClient.Ct).DefaultTimeout();
    }

    internal static Dictionary<string, string> CodeGrant(string code, string verifier, string? redirect = Redirect)
    {
        var form = new Dictionary<string, string>
        {
            ["grant_type"] = "authorization_code",
            ["code"] = code,
            ["client_id"] = "retrogrid-dev",
            ["code_verifier"] = verifier,
        };
        if (redirect is not null)
        {
            form["redirect_uri"] = redirect;
        }

        return form;
    }

    internal static async Task<JsonNode> LoginAsync(EmulatorClient client, string? scope = null)
    {
        var code = await AuthorizeAsync(client, scope: scope);
        return await client.JsonAsync(await TokenAsync(client, CodeGrant(code, Verifier)));
    }

    private static Dictionary<string, string> RefreshGrant(string refreshToken, string? scope = null)
    {
        var form = new Dictionary<string, string>
        {
            ["grant_type"] = "refresh_token",
            ["refresh_token"] = refreshToken,
            ["client_id"] = "retrogrid-dev",
        };
        if (scope is not null)
        {
            form["scope"] = scope;
        }

        return form;
    }

    private static async Task AssertOAuthErrorAsync(HttpResponseMessage response, string error)
    {
        var text = await response.Content.ReadAsStringAsync(EmulatorClient.Ct);
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, text);
        Assert.Equal(error, JsonNode.Parse(text)!["error"]!.GetValue<string>());
    }

    [Fact]
    public async Task Token_S256Verifier_IssuesShortLivedTokenWithRefreshToken()
    {
        await using var client = await EmulatorClient.StartAsync(o => o.AutoApprove = true);

        var json = await LoginAsync(client);

        Assert.StartsWith("sl.", json["access_token"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("bearer", json["token_type"]!.GetValue<string>());
        Assert.Equal(14400, json["expires_in"]!.GetValue<long>());
        Assert.False(string.IsNullOrEmpty(json["refresh_token"]!.GetValue<string>()));
        Assert.Equal("account_info.read files.content.read files.content.write files.metadata.read files.metadata.write", json["scope"]!.GetValue<string>());
        Assert.Equal("12345", json["uid"]!.GetValue<string>());
        Assert.Equal(40, json["account_id"]!.GetValue<string>().Length);
        var account = await client.CallAsync("users/get_current_account", "null", token: json["access_token"]!.GetValue<string>());
        Assert.Equal(json["account_id"]!.GetValue<string>(), account["account_id"]!.GetValue<string>());
    }

    [Fact]
    public async Task Token_PlainVerifier_Accepted()
    {
        await using var client = await EmulatorClient.StartAsync(o => o.AutoApprove = true);
        var code = await AuthorizeAsync(client, challenge: Verifier, method: "plain");

        var json = await client.JsonAsync(await TokenAsync(client, CodeGrant(code, Verifier)));

        Assert.NotNull(json["access_token"]);
    }

    [Fact]
    public async Task Token_WrongVerifier_InvalidGrant()
    {
        await using var client = await EmulatorClient.StartAsync(o => o.AutoApprove = true);
        var code = await AuthorizeAsync(client);

        await AssertOAuthErrorAsync(await TokenAsync(client, CodeGrant(code, Verifier + "x")), "invalid_grant");
    }

    [Fact]
    public async Task Token_CodeUsedTwice_SecondIsInvalidGrant()
    {
        await using var client = await EmulatorClient.StartAsync(o => o.AutoApprove = true);
        var code = await AuthorizeAsync(client);
        await client.JsonAsync(await TokenAsync(client, CodeGrant(code, Verifier)));

        await AssertOAuthErrorAsync(await TokenAsync(client, CodeGrant(code, Verifier)), "invalid_grant");
    }

    [Fact]
    public async Task Token_RedirectUriMismatch_InvalidGrant()
    {
        await using var client = await EmulatorClient.StartAsync(o => o.AutoApprove = true);
        var code = await AuthorizeAsync(client);

        await AssertOAuthErrorAsync(await TokenAsync(client, CodeGrant(code, Verifier, "http://127.0.0.1:1/other")), "invalid_grant");
    }

    [Fact]
    public async Task Token_CodeOlderThanTenMinutes_InvalidGrant()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        await using var client = await EmulatorClient.StartAsync(o => (o.AutoApprove, o.TimeProvider) = (true, time));
        var code = await AuthorizeAsync(client);
        time.Advance(TimeSpan.FromMinutes(11));

        await AssertOAuthErrorAsync(await TokenAsync(client, CodeGrant(code, Verifier)), "invalid_grant");
    }

    [Fact]
    public async Task Token_ParametersInQueryString_Accepted()
    {
        await using var client = await EmulatorClient.StartAsync(o => o.AutoApprove = true);
        var code = await AuthorizeAsync(client);

        var json = await client.JsonAsync(await TokenAsync(client, CodeGrant(code, Verifier), inQuery: true));

        Assert.NotNull(json["refresh_token"]);
    }

    [Fact]
    public async Task Token_ClientIdViaHttpBasic_Accepted()
    {
        await using var client = await EmulatorClient.StartAsync(o => o.AutoApprove = true);
        var code = await AuthorizeAsync(client);
        var form = CodeGrant(code, Verifier);
        form.Remove("client_id");
        var basic = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("retrogrid-dev:")));

        var json = await client.JsonAsync(await TokenAsync(client, form, auth: basic));

        Assert.NotNull(json["access_token"]);
    }

    [Theory]
    [InlineData("password", "retrogrid-dev", "unsupported_grant_type")]
    [InlineData(null, "retrogrid-dev", "invalid_request")]
    [InlineData("refresh_token", "someone-else", "invalid_client")]
    public async Task Token_BadRequest_Rfc6749Error(string? grantType, string clientId, string expected)
    {
        await using var client = await EmulatorClient.StartAsync();
        var form = new Dictionary<string, string> { ["client_id"] = clientId, ["refresh_token"] = "x" };
        if (grantType is not null)
        {
            form["grant_type"] = grantType;
        }

        await AssertOAuthErrorAsync(await TokenAsync(client, form), expected);
    }

    [Fact]
    public async Task Refresh_ScopeSubset_DownScopedTokenGetsMissingScope()
    {
        await using var client = await EmulatorClient.StartAsync(o => o.AutoApprove = true);
        var login = await LoginAsync(client);
        var refreshToken = login["refresh_token"]!.GetValue<string>();

        var refreshed = await client.JsonAsync(await TokenAsync(client, RefreshGrant(refreshToken, "account_info.read")));
        var token = refreshed["access_token"]!.GetValue<string>();

        Assert.Null(refreshed["refresh_token"]);
        Assert.Equal("account_info.read", refreshed["scope"]!.GetValue<string>());
        Assert.Equal(14400, refreshed["expires_in"]!.GetValue<long>());
        await client.CallAsync("users/get_space_usage", null, token: token);
        var response = await client.RpcAsync("files/list_folder", "{\"path\":\"\"}", token);
        Assert.Equal("Bearer realm=\"Dropbox-API\"", response.Headers.WwwAuthenticate.ToString());
        var error = await client.JsonAsync(response, 401);
        Assert.Equal("""{".tag":"missing_scope","required_scope":"files.metadata.read"}""", error["error"]!.ToJsonString());
    }

    [Fact]
    public async Task Refresh_ScopeSuperset_InvalidScope()
    {
        await using var client = await EmulatorClient.StartAsync(o => o.AutoApprove = true);
        var login = await LoginAsync(client, scope: "account_info.read");

        await AssertOAuthErrorAsync(
            await TokenAsync(client, RefreshGrant(login["refresh_token"]!.GetValue<string>(), "account_info.read files.content.write")), "invalid_scope");
    }

    [Fact]
    public async Task Revoke_DisablesTokenItsRefreshTokenAndSiblingTokens()
    {
        await using var client = await EmulatorClient.StartAsync(o => o.AutoApprove = true);
        var login = await LoginAsync(client);
        var refreshToken = login["refresh_token"]!.GetValue<string>();
        var sibling = (await client.JsonAsync(await TokenAsync(client, RefreshGrant(refreshToken))))["access_token"]!.GetValue<string>();
        var first = login["access_token"]!.GetValue<string>();

        var revoked = await client.RpcAsync("auth/token/revoke", null, first);

        Assert.Equal("null", await revoked.Content.ReadAsStringAsync(EmulatorClient.Ct));
        var error = await client.CallAsync("check/user", "{\"query\":\"x\"}", 401, first);
        Assert.Equal("invalid_access_token", error["error"]![".tag"]!.GetValue<string>());
        await client.CallAsync("check/user", "{\"query\":\"x\"}", 401, sibling);
        await AssertOAuthErrorAsync(await TokenAsync(client, RefreshGrant(refreshToken)), "invalid_grant");
    }

    [Fact]
    public async Task Unlink_RefreshTokenBecomesInvalidGrant_LegacyTokenSurvives()
    {
        await using var client = await EmulatorClient.StartAsync(o => o.AutoApprove = true);
        var login = await LoginAsync(client);

        (await client.EmulatorAsync(HttpMethod.Post, "unlink")).EnsureSuccessStatusCode();

        await AssertOAuthErrorAsync(await TokenAsync(client, RefreshGrant(login["refresh_token"]!.GetValue<string>())), "invalid_grant");
        await client.CallAsync("check/user", "{}", 401, login["access_token"]!.GetValue<string>());
        Assert.Equal("ok", (await client.CallAsync("check/user", "{\"query\":\"ok\"}"))["result"]!.GetValue<string>());
    }

    [Fact]
    public async Task AccessToken_AfterLifetime_ExpiredAccessToken_RefreshRecovers()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        await using var client = await EmulatorClient.StartAsync(o => (o.AutoApprove, o.TimeProvider, o.AccessTokenLifetime) = (true, time, TimeSpan.FromSeconds(2)));
        var login = await LoginAsync(client);
        var token = login["access_token"]!.GetValue<string>();
        Assert.Equal(2, login["expires_in"]!.GetValue<long>());
        await client.CallAsync("users/get_current_account", null, token: token);

        time.Advance(TimeSpan.FromSeconds(2));

        var error = await client.CallAsync("users/get_current_account", null, 401, token);
        Assert.Equal("""{"error_summary":"expired_access_token/..","error":{".tag":"expired_access_token"}}""", error.ToJsonString());
        var fresh = await client.JsonAsync(await TokenAsync(client, RefreshGrant(login["refresh_token"]!.GetValue<string>())));
        await client.CallAsync("users/get_current_account", null, token: fresh["access_token"]!.GetValue<string>());
    }

    [Fact]
    public async Task Authorize_WithoutRedirectUri_ShowsCodeToPaste()
    {
        await using var client = await EmulatorClient.StartAsync(o => o.AutoApprove = true);

        var html = await client.Http.GetStringAsync(
            $"oauth2/authorize?client_id=retrogrid-dev&response_type=code&code_challenge={S256(Verifier)}&code_challenge_method=S256", EmulatorClient.Ct).DefaultTimeout();

        var start = html.IndexOf("<code id=\"auth-code\">", StringComparison.Ordinal) + "<code id=\"auth-code\">".Length;
        var code = html[start..html.IndexOf("</code>", start, StringComparison.Ordinal)];
        var json = await client.JsonAsync(await TokenAsync(client, CodeGrant(code, Verifier, redirect: null)));
        Assert.NotNull(json["access_token"]);
        Assert.Null(json["refresh_token"]);
    }

    [Fact]
    public async Task Authorize_WithoutAutoApprove_ShowsPage_AllowAndDenyRedirect()
    {
        await using var client = await EmulatorClient.StartAsync();
        var url = $"oauth2/authorize?client_id=retrogrid-dev&response_type=code&redirect_uri={Uri.EscapeDataString(Redirect)}&state=s1";

        var page = await client.Http.GetStringAsync(url, EmulatorClient.Ct).DefaultTimeout();
        Assert.Contains("value=\"allow\"", page, StringComparison.Ordinal);
        Assert.Contains("value=\"deny\"", page, StringComparison.Ordinal);

        async Task<Uri> DecideAsync(string decision)
        {
            var form = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["client_id"] = "retrogrid-dev",
                ["response_type"] = "code",
                ["redirect_uri"] = Redirect,
                ["state"] = "s1",
                ["decision"] = decision,
            });
            var response = await client.Http.PostAsync("oauth2/authorize", form, EmulatorClient.Ct).DefaultTimeout();
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            return response.Headers.Location!;
        }

        var denied = QueryHelpers.ParseQuery((await DecideAsync("deny")).Query);
        Assert.Equal("access_denied", denied["error"].ToString());
        Assert.Equal("s1", denied["state"].ToString());
        var allowed = QueryHelpers.ParseQuery((await DecideAsync("allow")).Query);
        Assert.False(string.IsNullOrEmpty(allowed["code"].ToString()));
    }
}
