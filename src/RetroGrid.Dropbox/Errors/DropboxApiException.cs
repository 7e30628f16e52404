using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;

namespace RetroGrid.Dropbox;

/// <summary>
/// The one exception the Dropbox client throws for a failed call: the HTTP status, the error tag path computed from
/// the error object (never from <c>error_summary</c>), the raw error JSON and a stable <see cref="RetroGridErrorCode"/>.
/// It never carries tokens, codes or verifiers.
/// </summary>
public sealed class DropboxApiException : Exception
{
    public DropboxApiException()
        : this(RetroGridErrorCodes.UnexpectedResponse, "unknown", statusCode: null, tagPath: null, error: null)
    {
    }

    public DropboxApiException(string message)
        : this(message, null)
    {
    }

    public DropboxApiException(string message, Exception? innerException)
        : base(message, innerException)
    {
        Code = RetroGridErrorCodes.UnexpectedResponse;
        Route = "unknown";
    }

    public DropboxApiException(
        RetroGridErrorCode code,
        string route,
        HttpStatusCode? statusCode,
        string? tagPath,
        JsonElement? error,
        string? requestId = null,
        TimeSpan? retryAfter = null,
        string? detail = null,
        Exception? innerException = null)
        : base(BuildMessage(code, route, statusCode, tagPath, error, requestId, detail), innerException)
    {
        Code = code;
        Route = route;
        StatusCode = statusCode;
        TagPath = tagPath;
        Error = error;
        RequestId = requestId;
        RetryAfter = retryAfter;
        Detail = detail;
    }

    /// <summary>The stable RetroGrid code this failure maps to.</summary>
    public RetroGridErrorCode Code { get; }

    /// <summary>The Dropbox route, e.g. <c>files/upload</c> or <c>oauth2/token</c>.</summary>
    public string Route { get; }

    /// <summary>The HTTP status; null when no response arrived (network failure or timeout).</summary>
    public HttpStatusCode? StatusCode { get; }

    /// <summary>The chain of <c>.tag</c> values, e.g. <c>path/not_found</c> or <c>lookup_failed/incorrect_offset</c>;
    /// for the token endpoint the RFC 6749 <c>error</c> value.</summary>
    public string? TagPath { get; }

    /// <summary>A clone of the raw <c>error</c> object (or the whole RFC 6749 error body for the token endpoint).</summary>
    public JsonElement? Error { get; }

    /// <summary>Dropbox's <c>X-Dropbox-Request-Id</c>, for support.</summary>
    public string? RequestId { get; }

    /// <summary>The wait Dropbox asked for (429), if any.</summary>
    public TimeSpan? RetryAfter { get; }

    /// <summary>Extra text: Dropbox's <c>user_message</c>, a 400 plain-text answer, or a client-side explanation.</summary>
    public string? Detail { get; }

    /// <summary><c>correct_offset</c> from an <c>incorrect_offset</c> error, wherever it is nested.</summary>
    public long? CorrectOffset => FindNumber(Error, "correct_offset");

    /// <summary><c>required_scope</c> from a 401 <c>missing_scope</c> error.</summary>
    public string? RequiredScope => Error is { ValueKind: JsonValueKind.Object } e
        && e.TryGetProperty("required_scope", out var s) && s.ValueKind == JsonValueKind.String ? s.GetString() : null;

    /// <summary>True when the tag path equals <paramref name="path"/> or starts with it followed by <c>/</c>.</summary>
    public bool HasTag(string path) => TagPath is not null
        && (TagPath == path || TagPath.StartsWith(path + "/", StringComparison.Ordinal));

    private static long? FindNumber(JsonElement? element, string name)
    {
        if (element is not { ValueKind: JsonValueKind.Object } e)
        {
            return null;
        }

        foreach (var property in e.EnumerateObject())
        {
            if (property.NameEquals(name) && property.Value.ValueKind == JsonValueKind.Number && property.Value.TryGetInt64(out var n))
            {
                return n;
            }

            if (property.Value.ValueKind == JsonValueKind.Object && FindNumber(property.Value, name) is { } nested)
            {
                return nested;
            }
        }

        return null;
    }

    private static string BuildMessage(
        RetroGridErrorCode code, string route, HttpStatusCode? status, string? tagPath, JsonElement? error, string? requestId, string? detail)
    {
        var text = new StringBuilder();
        text.Append(code.Code).Append(' ').Append(code.Name).Append(": ").Append(code.Message);
        if (code == RetroGridErrorCodes.MissingScope && error is { ValueKind: JsonValueKind.Object } e
            && e.TryGetProperty("required_scope", out var scope) && scope.ValueKind == JsonValueKind.String)
        {
            text.Append(" Required scope: ").Append(scope.GetString()).Append('.');
        }

        text.Append(" [").Append(route);
        text.Append(status is { } s ? string.Create(CultureInfo.InvariantCulture, $" HTTP {(int)s}") : " no response");
        if (tagPath is not null)
        {
            text.Append(' ').Append(tagPath);
        }

        if (requestId is not null)
        {
            text.Append(" request-id ").Append(requestId);
        }

        text.Append(']');
        if (!string.IsNullOrEmpty(detail))
        {
            text.Append(' ').Append(detail.Length > 500 ? detail[..500] + "…" : detail);
        }

        text.Append(" Next step: ").Append(code.NextStep);
        return text.ToString();
    }
}
