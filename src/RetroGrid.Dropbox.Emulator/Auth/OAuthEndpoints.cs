using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Primitives;
using RetroGrid.Dropbox.Emulator.Protocol;
using RetroGrid.Dropbox.Emulator.Routes;

namespace RetroGrid.Dropbox.Emulator.Auth;

/// <summary>
/// <c>/oauth2/authorize</c> (www host) and <c>/oauth2/token</c> (api host). Parameters are read from the query string
/// and the form body alike (the JS SDK posts them in the query); the client id may come as a form field or via
/// HTTP Basic.
/// </summary>
internal static class OAuthEndpoints
{
    private static readonly string[] ChallengeMethods = ["S256", "plain"];
    private static readonly string[] AccessTypes = ["online", "offline", "legacy"];

    public static async Task AuthorizeAsync(HttpContext context, EmulatorServices services)
    {
        var p = await ReadParametersAsync(context);
        var cancellationToken = context.RequestAborted;
        var redirectUri = Get(p, "redirect_uri");
        var state = Get(p, "state");
        if (Get(p, "client_id") != services.Options.AppKey)
        {
            await AuthorizePage.ErrorAsync(context, "Invalid client_id.", cancellationToken);
            return;
        }

        if (redirectUri is not null && !(Uri.TryCreate(redirectUri, UriKind.Absolute, out var parsed) && parsed.Scheme is "http" or "https"))
        {
            await AuthorizePage.ErrorAsync(context, "Invalid redirect_uri.", cancellationToken);
            return;
        }

        if (Get(p, "response_type") != "code")
        {
            await AuthorizePage.ErrorAsync(context, "Unsupported response_type: only \"code\" is supported.", cancellationToken);
            return;
        }

        var challenge = Get(p, "code_challenge");
        var method = Get(p, "code_challenge_method") ?? (challenge is null ? null : "plain");
        var accessType = Get(p, "token_access_type") ?? "online";
        var scopes = Scopes.Parse(Get(p, "scope"));
        if ((method is not null && !ChallengeMethods.Contains(method)) || (challenge is not null && challenge.Length is < 43 or > 128)
            || !AccessTypes.Contains(accessType) || scopes is null)
        {
            var error = scopes is null ? "invalid_scope" : "invalid_request";
            await FinishAsync(context, redirectUri, state, null, error, "Invalid authorization request.", cancellationToken);
            return;
        }

        var decision = Get(p, "decision");
        if (!services.Options.AutoApprove && decision is null)
        {
            await AuthorizePage.ApprovalAsync(context, p, cancellationToken);
            return;
        }

        if (decision == "deny")
        {
            await FinishAsync(context, redirectUri, state, null, "access_denied",
                "The user chose not to give your app access to their Dropbox account.", cancellationToken);
            return;
        }

        var code = services.Tokens.CreateCode(new AuthorizationCodeRecord
        {
            RedirectUri = redirectUri,
            CodeChallenge = challenge,
            CodeChallengeMethod = method,
            Scopes = scopes,
            TokenAccessType = accessType,
        });
        await FinishAsync(context, redirectUri, state, code, null, null, cancellationToken);
    }

    private static async Task FinishAsync(
        HttpContext context, string? redirectUri, string? state, string? code, string? error, string? description, CancellationToken cancellationToken)
    {
        if (redirectUri is null)
        {
            await (code is not null
                ? AuthorizePage.CodeAsync(context, code, cancellationToken)
                : AuthorizePage.ErrorAsync(context, description ?? error ?? "", cancellationToken));
            return;
        }

        var query = new List<KeyValuePair<string, string?>>();
        if (code is not null)
        {
            query.Add(new("code", code));
        }
        else
        {
            query.Add(new("error", error));
            query.Add(new("error_description", description));
        }

        if (state is not null)
        {
            query.Add(new("state", state));
        }

        context.Response.Redirect(Microsoft.AspNetCore.WebUtilities.QueryHelpers.AddQueryString(redirectUri, query));
    }

    public static async Task TokenAsync(HttpContext context, EmulatorServices services)
    {
        JsonObject body;
        var status = StatusCodes.Status200OK;
        try
        {
            body = await IssueAsync(context, services);
        }
        catch (OAuthErrorException error)
        {
            status = StatusCodes.Status400BadRequest;
            body = new JsonObject { ["error"] = error.Error, ["error_description"] = error.Description };
        }

        context.Response.Headers.CacheControl = "no-store";
        await ApiResponses.WriteJsonAsync(context, body, status, context.RequestAborted);
    }

    private static async Task<JsonObject> IssueAsync(HttpContext context, EmulatorServices services)
    {
        var p = await ReadParametersAsync(context);
        var clientId = Get(p, "client_id");
        var clientSecret = Get(p, "client_secret");
        if (AuthenticationHeaderValue.TryParse(context.Request.Headers.Authorization.ToString(), out var header)
            && string.Equals(header.Scheme, "Basic", StringComparison.OrdinalIgnoreCase))
        {
            if (!ApiRouter.TryDecodeBasic(header.Parameter, out var key, out var secret))
            {
                throw new OAuthErrorException("invalid_client", "Invalid HTTP Basic credentials.");
            }

            (clientId, clientSecret) = (key, secret.Length == 0 ? clientSecret : secret);
        }

        var grantType = Get(p, "grant_type") ?? throw new OAuthErrorException("invalid_request", "No grant_type given.");
        if (clientId is null)
        {
            throw new OAuthErrorException("invalid_request", "No auth function available for given request");
        }

        if (clientId != services.Options.AppKey)
        {
            throw new OAuthErrorException("invalid_client", "Invalid client_id or client_secret");
        }

        TokenIssue issue;
        switch (grantType)
        {
            case "authorization_code":
                var code = Get(p, "code") ?? throw new OAuthErrorException("invalid_request", "No code given.");
                issue = services.Tokens.ExchangeCode(code, Get(p, "redirect_uri"), Get(p, "code_verifier"), !string.IsNullOrEmpty(clientSecret));
                break;
            case "refresh_token":
                var refreshToken = Get(p, "refresh_token") ?? throw new OAuthErrorException("invalid_request", "No refresh_token given.");
                issue = services.Tokens.Refresh(refreshToken, Get(p, "scope"));
                break;
            default:
                throw new OAuthErrorException("unsupported_grant_type", $"Unsupported grant_type: {grantType}");
        }

        var result = new JsonObject { ["access_token"] = issue.AccessToken, ["token_type"] = "bearer" };
        if (issue.ExpiresIn is { } expiresIn)
        {
            result["expires_in"] = (long)expiresIn.TotalSeconds;
        }

        if (issue.RefreshToken is not null)
        {
            result["refresh_token"] = issue.RefreshToken;
        }

        result["scope"] = string.Join(' ', issue.Scopes);
        if (grantType == "authorization_code")
        {
            result["uid"] = EmulatedAccount.Uid;
            result["account_id"] = EmulatedAccount.AccountId;
        }

        return result;
    }

    /// <summary>Query string and form body merged; form values win.</summary>
    private static async Task<Dictionary<string, string>> ReadParametersAsync(HttpContext context)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in context.Request.Query)
        {
            Put(result, key, value);
        }

        if (context.Request.HasFormContentType)
        {
            var form = await context.Request.ReadFormAsync(context.RequestAborted);
            foreach (var (key, value) in form)
            {
                Put(result, key, value);
            }
        }

        return result;
    }

    private static void Put(Dictionary<string, string> target, string key, StringValues value)
    {
        if (!StringValues.IsNullOrEmpty(value))
        {
            target[key] = value.ToString();
        }
    }

    private static string? Get(Dictionary<string, string> parameters, string name) =>
        parameters.TryGetValue(name, out var value) ? value : null;
}
