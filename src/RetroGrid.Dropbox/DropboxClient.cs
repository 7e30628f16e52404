using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace RetroGrid.Dropbox;

/// <summary>
/// A hand-written client for the Dropbox HTTP API v2: files, upload sessions, downloads, listing and account routes.
/// Retries where repeating is safe, refreshes an expired token once per call, and throws
/// <see cref="DropboxApiException"/> with a stable <see cref="RetroGridErrorCode"/> on failure.
/// </summary>
public sealed partial class DropboxClient
{
    private readonly DropboxRequestExecutor _executor;
    private readonly ILogger _logger;

    /// <param name="httpClient">The HTTP client (from IHttpClientFactory in hosts); its own timeout should be infinite.</param>
    /// <param name="tokenSource">Where access tokens come from.</param>
    /// <param name="options">Settings; defaults if null.</param>
    /// <param name="timeProvider">The clock for back-off and deadlines; <see cref="TimeProvider.System"/> if null.</param>
    /// <param name="logger">Logger; none if null.</param>
    public DropboxClient(
        HttpClient httpClient,
        IDropboxTokenSource tokenSource,
        DropboxClientOptions? options = null,
        TimeProvider? timeProvider = null,
        ILogger<DropboxClient>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(httpClient);
        ArgumentNullException.ThrowIfNull(tokenSource);
        Options = options ?? new DropboxClientOptions();
        Options.Validate();
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        _executor = new DropboxRequestExecutor(httpClient, Options, tokenSource, timeProvider ?? TimeProvider.System, _logger);
    }

    public DropboxClientOptions Options { get; }

    internal DropboxRequestExecutor Executor => _executor;

    internal ILogger Logger => _logger;

    /// <summary><c>users/get_current_account</c>.</summary>
    public Task<DropboxAccount> GetCurrentAccountAsync(CancellationToken cancellationToken) =>
        CallRpcAsync("users/get_current_account", "null", DropboxJsonContext.Default.DropboxAccount, null, cancellationToken);

    /// <summary><c>users/get_space_usage</c>.</summary>
    public Task<DropboxSpaceUsage> GetSpaceUsageAsync(CancellationToken cancellationToken) =>
        CallRpcAsync("users/get_space_usage", "null", DropboxJsonContext.Default.DropboxSpaceUsage, null, cancellationToken);

    /// <summary><c>check/user</c>: the cheapest "is my token valid" probe; returns the echoed query.</summary>
    public async Task<string> CheckUserAsync(string query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var arg = JsonSerializer.Serialize(new CheckUserArg(query), DropboxJsonContext.Default.CheckUserArg);
        var result = await CallRpcAsync("check/user", arg, DropboxJsonContext.Default.CheckUserResult, null, cancellationToken).ConfigureAwait(false);
        return result.Result;
    }

    /// <summary>
    /// <c>auth/token/revoke</c>: disables the current access token and, if it came from a refresh token, that refresh
    /// token and every token minted from it (unlinks the app).
    /// </summary>
    public async Task RevokeAccessTokenAsync(CancellationToken cancellationToken)
    {
        using var response = await SendRpcAsync("auth/token/revoke", "null", null, cancellationToken).ConfigureAwait(false);
    }

    internal async Task<HttpResponseMessage> SendRpcAsync(string route, string argJson, DropboxCallState? state, CancellationToken cancellationToken) =>
        await _executor.SendAsync(new DropboxRequest { Route = route, Style = DropboxRouteStyle.Rpc, Arg = argJson }, state, cancellationToken)
            .ConfigureAwait(false);

    internal async Task<TResult> CallRpcAsync<TResult>(
        string route, string argJson, JsonTypeInfo<TResult> resultInfo, DropboxCallState? state, CancellationToken cancellationToken)
    {
        using var response = await SendRpcAsync(route, argJson, state, cancellationToken).ConfigureAwait(false);
        return await ReadJsonAsync(response, route, resultInfo, cancellationToken).ConfigureAwait(false);
    }

    internal async Task<TResult> CallUploadAsync<TArg, TResult>(
        string route, TArg arg, JsonTypeInfo<TArg> argInfo, UploadBody? body, JsonTypeInfo<TResult> resultInfo, DropboxCallState? state, CancellationToken cancellationToken)
    {
        using var response = await SendUploadAsync(route, arg, argInfo, body, state, cancellationToken).ConfigureAwait(false);
        return await ReadJsonAsync(response, route, resultInfo, cancellationToken).ConfigureAwait(false);
    }

    internal async Task<HttpResponseMessage> SendUploadAsync<TArg>(
        string route, TArg arg, JsonTypeInfo<TArg> argInfo, UploadBody? body, DropboxCallState? state, CancellationToken cancellationToken)
    {
        var request = new DropboxRequest
        {
            Route = route,
            Style = DropboxRouteStyle.Upload,
            Arg = HeaderSafeJson.Serialize(arg, argInfo),
            Body = body,
        };
        return await _executor.SendAsync(request, state, cancellationToken).ConfigureAwait(false);
    }

    internal static async Task<T> ReadJsonAsync<T>(HttpResponseMessage response, string route, JsonTypeInfo<T> typeInfo, CancellationToken cancellationToken)
    {
        T? value;
        try
        {
            value = await response.Content.ReadFromJsonAsync(typeInfo, cancellationToken).ConfigureAwait(false);
        }
        catch (JsonException ex)
        {
            throw UnexpectedAnswer(response, route, "The answer is not the expected JSON.", ex);
        }

        return value ?? throw UnexpectedAnswer(response, route, "The answer is JSON null.", null);
    }

    internal static DropboxApiException UnexpectedAnswer(HttpResponseMessage response, string route, string detail, Exception? inner) =>
        new(RetroGridErrorCodes.UnexpectedResponse, route, response.StatusCode, null, null,
            requestId: response.Headers.TryGetValues("X-Dropbox-Request-Id", out var ids) ? ids.FirstOrDefault() : null,
            detail: detail, innerException: inner);
}
