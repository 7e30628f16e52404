using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace RetroGrid.Dropbox;

/// <summary>
/// OAuth 2 with PKCE and no client secret: builds the authorize URL, reads the redirect, exchanges the code and
/// refreshes access tokens (optionally down-scoped). Token endpoint errors (RFC 6749) become
/// <see cref="DropboxApiException"/>; <c>invalid_grant</c> maps to <see cref="RetroGridErrorCodes.NeedsReauthorization"/>.
/// </summary>
public sealed class DropboxOAuthClient
{
    private readonly DropboxClientOptions _options;
    private readonly DropboxRequestExecutor _executor;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;

    public DropboxOAuthClient(HttpClient httpClient, DropboxClientOptions options, TimeProvider? timeProvider = null, ILogger<DropboxOAuthClient>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(httpClient);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
        _timeProvider = timeProvider ?? TimeProvider.System;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        _executor = new DropboxRequestExecutor(httpClient, options, tokens: null, _timeProvider, _logger);
    }

    internal DropboxRequestExecutor Executor => _executor;

    /// <summary>Starts an authorization: fresh verifier, challenge and state, and the URL to open.</summary>
    public DropboxAuthorizationRequest CreateAuthorizationRequest(DropboxAuthorizeOptions? authorizeOptions = null)
    {
        authorizeOptions ??= new DropboxAuthorizeOptions();
        var verifier = DropboxPkce.CreateCodeVerifier();
        var state = DropboxPkce.CreateState();
        var uri = BuildAuthorizeUri(DropboxPkce.ComputeS256Challenge(verifier), state, authorizeOptions);
        return new DropboxAuthorizationRequest(uri, verifier, state, authorizeOptions.RedirectUri);
    }

    /// <summary>The <c>oauth2/authorize</c> URL for a given S256 challenge and state.</summary>
    public Uri BuildAuthorizeUri(string codeChallenge, string state, DropboxAuthorizeOptions? authorizeOptions = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(codeChallenge);
        ArgumentException.ThrowIfNullOrEmpty(state);
        authorizeOptions ??= new DropboxAuthorizeOptions();
        var query = new List<KeyValuePair<string, string>>
        {
            new("client_id", RequireAppKey()),
            new("response_type", "code"),
            new("token_access_type", authorizeOptions.TokenAccessType),
            new("code_challenge", codeChallenge),
            new("code_challenge_method", "S256"),
            new("state", state),
        };
        if (authorizeOptions.RedirectUri is { } redirect)
        {
            query.Add(new("redirect_uri", redirect.AbsoluteUri));
        }

        if (authorizeOptions.Scopes.Count > 0)
        {
            query.Add(new("scope", string.Join(' ', authorizeOptions.Scopes)));
        }

        if (authorizeOptions.IncludeGrantedScopes is { } granted)
        {
            query.Add(new("include_granted_scopes", granted));
        }

        if (authorizeOptions.ForceReapprove)
        {
            query.Add(new("force_reapprove", "true"));
        }

        var text = new StringBuilder();
        foreach (var (key, value) in query)
        {
            text.Append(text.Length == 0 ? '?' : '&').Append(key).Append('=').Append(Uri.EscapeDataString(value));
        }

        return new Uri(DropboxRequestExecutor.EnsureTrailingSlash(_options.AuthorizeBaseAddress), "oauth2/authorize" + text);
    }

    /// <summary>
    /// Reads the code from the redirect Dropbox sent the browser to. Throws <see cref="RetroGridErrorCodes.AuthorizationRefused"/>
    /// when the user denied access or the state does not match (a forged or stale redirect).
    /// </summary>
    public static string ParseAuthorizationRedirect(Uri redirect, string expectedState)
    {
        ArgumentNullException.ThrowIfNull(redirect);
        var parameters = ParseQuery(redirect.Query);
        parameters.TryGetValue("state", out var state);
        if (!string.Equals(state, expectedState, StringComparison.Ordinal))
        {
            throw new DropboxApiException(
                RetroGridErrorCodes.AuthorizationRefused, "oauth2/authorize", null, "state_mismatch", null, detail: "The redirect's state does not match this request.");
        }

        if (parameters.TryGetValue("error", out var error))
        {
            parameters.TryGetValue("error_description", out var description);
            throw new DropboxApiException(RetroGridErrorCodes.AuthorizationRefused, "oauth2/authorize", null, error, null, detail: description);
        }

        return parameters.TryGetValue("code", out var code) && code.Length > 0
            ? code
            : throw new DropboxApiException(RetroGridErrorCodes.AuthorizationRefused, "oauth2/authorize", null, "missing_code", null);
    }

    /// <summary>Exchanges an authorization code for credentials (PKCE: the verifier instead of a secret).</summary>
    public async Task<DropboxCredentials> ExchangeCodeAsync(string code, string codeVerifier, Uri? redirectUri, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(code);
        ArgumentException.ThrowIfNullOrEmpty(codeVerifier);
        var form = new List<KeyValuePair<string, string>>
        {
            new("grant_type", "authorization_code"),
            new("code", code.Trim()),
            new("client_id", RequireAppKey()),
            new("code_verifier", codeVerifier),
        };
        if (redirectUri is not null)
        {
            form.Add(new("redirect_uri", redirectUri.AbsoluteUri));
        }

        // A code is single-use: after an attempt with unknown outcome a repeat could only fail with invalid_grant.
        var response = await SendAsync(form, retryAmbiguousFailures: false, cancellationToken).ConfigureAwait(false);
        var token = ToAccessToken(response);
        return new DropboxCredentials(token, response.RefreshToken, response.AccountId, response.Uid, response.TeamId);
    }

    /// <summary>Gets a new access token from a refresh token, limited to <paramref name="scopes"/> if given.</summary>
    public async Task<DropboxAccessToken> RefreshAccessTokenAsync(string refreshToken, IReadOnlyCollection<string>? scopes, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(refreshToken);
        var form = new List<KeyValuePair<string, string>>
        {
            new("grant_type", "refresh_token"),
            new("refresh_token", refreshToken),
            new("client_id", RequireAppKey()),
        };
        if (scopes is { Count: > 0 })
        {
            form.Add(new("scope", string.Join(' ', scopes)));
        }

        try
        {
            var token = ToAccessToken(await SendAsync(form, retryAmbiguousFailures: true, cancellationToken).ConfigureAwait(false));
            DropboxTelemetry.TokenRefreshes.Add(1, new KeyValuePair<string, object?>("outcome", "success"));
            DropboxLog.TokenRefreshed(_logger, token.ExpiresAt);
            return token;
        }
        catch (DropboxApiException ex)
        {
            DropboxTelemetry.TokenRefreshes.Add(1, new KeyValuePair<string, object?>("outcome", ex.Code.Name));
            throw;
        }
    }

    private async Task<TokenResponse> SendAsync(
        IReadOnlyList<KeyValuePair<string, string>> form, bool retryAmbiguousFailures, CancellationToken cancellationToken)
    {
        var request = new DropboxRequest
        {
            Route = DropboxErrorClassifier.TokenRoute,
            Style = DropboxRouteStyle.Form,
            Form = form,
            Authenticated = false,
            RetryAmbiguousFailures = retryAmbiguousFailures,
        };
        using var response = await _executor.SendAsync(request, null, cancellationToken).ConfigureAwait(false);
        TokenResponse? body;
        try
        {
            body = await response.Content.ReadFromJsonAsync(DropboxJsonContext.Default.TokenResponse, cancellationToken).ConfigureAwait(false);
        }
        catch (JsonException ex)
        {
            throw Unexpected("The token endpoint's answer is not JSON.", ex, response);
        }

        return body is { AccessToken.Length: > 0 } ? body : throw Unexpected("The token endpoint's answer has no access_token.", null, response);
    }

    private static DropboxApiException Unexpected(string detail, Exception? inner, HttpResponseMessage response) =>
        new(RetroGridErrorCodes.UnexpectedResponse, DropboxErrorClassifier.TokenRoute, response.StatusCode, null, null, detail: detail, innerException: inner);

    private DropboxAccessToken ToAccessToken(TokenResponse response)
    {
        var now = _timeProvider.GetUtcNow();
        DateTimeOffset? expiresAt = response.ExpiresIn is { } seconds ? now.AddSeconds(seconds) : null;
        var scopes = response.Scope?.Split(' ', StringSplitOptions.RemoveEmptyEntries) ?? [];
        return new DropboxAccessToken(response.AccessToken!, expiresAt, scopes, now);
    }

    private string RequireAppKey() =>
        _options.AppKey is { Length: > 0 } key ? key : throw new InvalidOperationException("DropboxClientOptions.AppKey is not set.");

    private static Dictionary<string, string> ParseQuery(string query)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var index = pair.IndexOf('=', StringComparison.Ordinal);
            var key = Uri.UnescapeDataString((index < 0 ? pair : pair[..index]).Replace('+', ' '));
            var value = index < 0 ? string.Empty : Uri.UnescapeDataString(pair[(index + 1)..].Replace('+', ' '));
            result.TryAdd(key, value);
        }

        return result;
    }
}
