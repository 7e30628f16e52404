using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.Extensions.Logging;

namespace RetroGrid.Dropbox;

/// <summary>
/// Sends one logical Dropbox call: token, headers, per-attempt timeout, retries with back-off where repeating is safe,
/// one token refresh on <c>expired_access_token</c> or <c>invalid_access_token</c>, telemetry, and the typed error on failure.
/// </summary>
internal sealed class DropboxRequestExecutor
{
    private readonly HttpClient _http;
    private readonly DropboxClientOptions _options;
    private readonly IDropboxTokenSource? _tokens;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;

    public DropboxRequestExecutor(
        HttpClient http, DropboxClientOptions options, IDropboxTokenSource? tokens, TimeProvider timeProvider, ILogger logger)
    {
        _http = http;
        _options = options;
        _tokens = tokens;
        _timeProvider = timeProvider;
        _logger = logger;
        RetryPolicy = new DropboxRetryPolicy(options);
    }

    public DropboxRetryPolicy RetryPolicy { get; }

    public TimeProvider TimeProvider => _timeProvider;

    public async Task<HttpResponseMessage> SendAsync(DropboxRequest request, DropboxCallState? state, CancellationToken cancellationToken)
    {
        using var activity = DropboxTelemetry.ActivitySource.StartActivity("dropbox " + request.Route, ActivityKind.Client);
        activity?.SetTag("dropbox.route", request.Route);
        var refreshedForExpiry = false;
        var forceRefresh = false;
        string? previousToken = null;
        DropboxApiException? expiredError = null;
        for (var attempt = 1; ; attempt++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            state?.Attempts = attempt;
            activity?.SetTag("dropbox.attempt", attempt);
            string? token = null;
            if (request.Authenticated)
            {
                var accessToken = await GetTokenSource().GetAccessTokenAsync(forceRefresh, cancellationToken).ConfigureAwait(false);
                token = accessToken.Value;
                if (forceRefresh && expiredError is not null && string.Equals(token, previousToken, StringComparison.Ordinal))
                {
                    // The source cannot refresh (a legacy or static token): repeating would only fail again.
                    throw Fail(activity, expiredError, attempt);
                }

                previousToken = token;
                forceRefresh = false;
            }

            var sent = Stopwatch.GetTimestamp();
            var (response, transportFailure) = await SendOnceAsync(request, token, cancellationToken).ConfigureAwait(false);
            DropboxTelemetry.RequestDuration.Record(Stopwatch.GetElapsedTime(sent).TotalSeconds, new KeyValuePair<string, object?>("dropbox.route", request.Route));
            if (transportFailure is not null)
            {
                Count(request.Route, 0);
                state?.MayHaveLanded = true;
                if (request.RetryAmbiguousFailures && CanRepeat(request, attempt))
                {
                    await DelayAsync(request.Route, attempt, "connection", RetryPolicy.GetBackoff(attempt + 1), cancellationToken)
                        .ConfigureAwait(false);
                    continue;
                }

                throw Fail(activity, transportFailure, attempt);
            }

            Count(request.Route, (int)response!.StatusCode);
            if (response.IsSuccessStatusCode)
            {
                activity?.SetTag("http.response.status_code", (int)response.StatusCode);
                return response;
            }

            DropboxApiException error;
            using (response)
            {
                error = await DropboxErrorReader.ReadAsync(response, request.Route, _timeProvider, cancellationToken).ConfigureAwait(false);
            }

            var status = (int)response.StatusCode;
            // invalid_access_token too: a token revoked early is replaced like an expired one, and a refresh token that is
            // no longer good then fails with its own, clearer error (and the controller's broker learns of it).
            if (status == 401 && error.TagPath is "expired_access_token" or "invalid_access_token" && request.Authenticated && !refreshedForExpiry
                && (request.Body is null || request.Body.CanReplay))
            {
                DropboxLog.ExpiredTokenRefresh(_logger, request.Route);
                refreshedForExpiry = true;
                forceRefresh = true;
                expiredError = error;
                attempt--; // the repeat after a refresh is not a failure retry and must happen even with MaxAttempts = 1
                continue;
            }

            if (status == 429)
            {
                DropboxTelemetry.RateLimited.Add(1, new KeyValuePair<string, object?>("dropbox.route", request.Route));
            }

            var retryable = status == 429 || status >= 500
                || (status == 409 && error.Code == RetroGridErrorCodes.RateLimited);
            if (retryable && (request.RetryAmbiguousFailures || status == 429) && CanRepeat(request, attempt))
            {
                if (status >= 500)
                {
                    state?.MayHaveLanded = true;
                }

                var delay = status == 429
                    ? RetryPolicy.GetRateLimitDelay(error.RetryAfter)
                    : Max(RetryPolicy.GetBackoff(attempt + 1), error.RetryAfter);
                var reason = status == 409 ? "too_many_write_operations" : status.ToString(System.Globalization.CultureInfo.InvariantCulture);
                await DelayAsync(request.Route, attempt, reason, delay, cancellationToken).ConfigureAwait(false);
                continue;
            }

            throw Fail(activity, error, attempt);
        }
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan? b) => b is { } value && value > a ? value : a;

    private static void Count(string route, int status) =>
        DropboxTelemetry.Requests.Add(
            1,
            new KeyValuePair<string, object?>("dropbox.route", route),
            new KeyValuePair<string, object?>("http.response.status_code", status));

    private IDropboxTokenSource GetTokenSource() =>
        _tokens ?? throw new InvalidOperationException("This client has no token source; it can only call unauthenticated endpoints.");

    private bool CanRepeat(DropboxRequest request, int attempt) =>
        attempt < RetryPolicy.MaxAttempts && (request.Body is null || request.Body.CanReplay);

    private async Task<(HttpResponseMessage? Response, DropboxApiException? Failure)> SendOnceAsync(
        DropboxRequest request, string? token, CancellationToken cancellationToken)
    {
        using var message = CreateMessage(request, token);
        using var timeout = CreateTimeoutSource(cancellationToken);
        var completion = request.Style == DropboxRouteStyle.Download
            ? HttpCompletionOption.ResponseHeadersRead
            : HttpCompletionOption.ResponseContentRead;
        try
        {
            var response = await _http.SendAsync(message, completion, timeout.Token).ConfigureAwait(false);
            return (response, null);
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException
            || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            var detail = ex is OperationCanceledException
                ? "The attempt timed out."
                : "The connection failed (" + ex.GetType().Name + ").";
            return (null, new DropboxApiException(
                RetroGridErrorCodes.DestinationUnavailable, request.Route, null, null, null, detail: detail, innerException: ex));
        }
    }

    private AttemptDeadline CreateTimeoutSource(CancellationToken cancellationToken)
    {
        var timeout = _options.OperationTimeout != Timeout.InfiniteTimeSpan && _options.OperationTimeout > TimeSpan.Zero
            ? new CancellationTokenSource(_options.OperationTimeout, _timeProvider) // injected clock: tests drive the deadline
            : null;
        var linked = timeout is null
            ? CancellationTokenSource.CreateLinkedTokenSource(cancellationToken)
            : CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        return new AttemptDeadline(timeout, linked);
    }

    private HttpRequestMessage CreateMessage(DropboxRequest request, string? token)
    {
        var baseAddress = request.Style is DropboxRouteStyle.Rpc or DropboxRouteStyle.Form ? _options.ApiBaseAddress : _options.ContentBaseAddress;
        var path = request.Style == DropboxRouteStyle.Form ? request.Route : "2/" + request.Route;
        var message = new HttpRequestMessage(HttpMethod.Post, new Uri(EnsureTrailingSlash(baseAddress), path));
        message.Headers.TryAddWithoutValidation("User-Agent", _options.UserAgent);
        if (token is not null)
        {
            message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        switch (request.Style)
        {
            case DropboxRouteStyle.Rpc:
                message.Content = new StringContent(request.Arg ?? "null", Encoding.UTF8, "application/json");
                break;
            case DropboxRouteStyle.Upload:
                message.Headers.TryAddWithoutValidation("Dropbox-API-Arg", request.Arg);
                message.Content = request.Body?.CreateContent() ?? new ByteArrayContent([]);
                message.Content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
                break;
            case DropboxRouteStyle.Download:
                message.Headers.TryAddWithoutValidation("Dropbox-API-Arg", request.Arg);
                if (request.Range is { } range)
                {
                    message.Headers.Range = range.ToHeader();
                }

                break;
            case DropboxRouteStyle.Form:
                message.Content = new FormUrlEncodedContent(request.Form ?? []);
                break;
            default:
                throw new InvalidOperationException("Unknown route style.");
        }

        return message;
    }

    internal static Uri EnsureTrailingSlash(Uri uri) =>
        uri.AbsoluteUri.EndsWith('/') ? uri : new Uri(uri.AbsoluteUri + "/");

    private async Task DelayAsync(string route, int attempt, string reason, TimeSpan delay, CancellationToken cancellationToken)
    {
        DropboxTelemetry.Retries.Add(
            1,
            new KeyValuePair<string, object?>("dropbox.route", route),
            new KeyValuePair<string, object?>("reason", reason));
        Activity.Current?.AddEvent(new ActivityEvent("retry", tags: new ActivityTagsCollection { ["reason"] = reason, ["attempt"] = attempt }));
        DropboxLog.RetryScheduled(_logger, route, attempt, reason, (long)delay.TotalMilliseconds);
        await Task.Delay(delay, _timeProvider, cancellationToken).ConfigureAwait(false);
    }

    private DropboxApiException Fail(Activity? activity, DropboxApiException error, int attempts)
    {
        var status = error.StatusCode is { } s ? (int)s : 0;
        if (activity is not null)
        {
            activity.SetTag("http.response.status_code", status);
            activity.SetTag("error.type", error.Code.Name);
            activity.SetStatus(ActivityStatusCode.Error, error.Code.Code);
        }

        DropboxLog.CallFailed(_logger, error.Route, error.Code.Code, status, error.TagPath, attempts);
        return error;
    }

    private sealed class AttemptDeadline(CancellationTokenSource? timeout, CancellationTokenSource linked) : IDisposable
    {
        public CancellationToken Token => linked.Token;

        public void Dispose()
        {
            linked.Dispose();
            timeout?.Dispose();
        }
    }
}
