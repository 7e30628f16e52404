using System.Text.Json.Nodes;

namespace RetroGrid.Dropbox.Emulator.Protocol;

/// <summary>
/// Any non-success answer of the API, thrown from deep inside a route and written by the dispatcher. Using an
/// exception keeps the route code linear; the emulator is not on a hot path where throwing matters.
/// </summary>
internal sealed class ApiErrorException : Exception
{
    private ApiErrorException(int status, JsonObject? error, string? text, int? retryAfterSeconds)
        : base(text ?? error?[".tag"]?.ToString() ?? "api error")
    {
        Status = status;
        Error = error;
        Text = text;
        RetryAfterSeconds = retryAfterSeconds;
    }

    public int Status { get; }

    /// <summary>The Stone-shaped <c>error</c> member; the envelope with <c>error_summary</c> is added on write.</summary>
    public JsonObject? Error { get; }

    /// <summary>Plain-text body (400 messages and the text variant of 429).</summary>
    public string? Text { get; }

    public int? RetryAfterSeconds { get; }

    /// <summary>409 route error with the route's error union.</summary>
    public static ApiErrorException Route(JsonObject error) => new(StatusCodes.Status409Conflict, error, null, null);

    /// <summary>400 "bad input"; the dispatcher prefixes <c>Error in call to API function "…": </c>.</summary>
    public static ApiErrorException BadInput(string detail) => new(StatusCodes.Status400BadRequest, null, detail, null);

    /// <summary>The same 400 with the argument's source ("HTTP header \"Dropbox-API-Arg\"") in front.</summary>
    public ApiErrorException WithSource(string source) =>
        Text is null || Status != StatusCodes.Status400BadRequest ? this : new(Status, null, $"{source}: {Text}", null);

    /// <summary>401 with an <c>AuthError</c> union.</summary>
    public static ApiErrorException Auth(JsonObject error) => new(StatusCodes.Status401Unauthorized, error, null, null);

    /// <summary>429 <c>RateLimitError</c>; <paramref name="bodyRetryAfter"/> false for too_many_write_operations (Dropbox omits it).</summary>
    public static ApiErrorException RateLimited(string reason, bool bodyRetryAfter)
    {
        var error = new JsonObject { ["reason"] = Stone.Tag(reason) };
        if (bodyRetryAfter)
        {
            error["retry_after"] = 1;
        }

        return new ApiErrorException(StatusCodes.Status429TooManyRequests, error, null, 1);
    }
}
