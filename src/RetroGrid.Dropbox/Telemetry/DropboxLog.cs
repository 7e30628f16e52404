using Microsoft.Extensions.Logging;

namespace RetroGrid.Dropbox;

/// <summary>Source-generated log messages. Never tokens or paths in them.</summary>
internal static partial class DropboxLog
{
    [LoggerMessage(EventId = 1, EventName = "RetryScheduled", Level = LogLevel.Information,
        Message = "Dropbox {Route} attempt {Attempt} failed ({Reason}); retrying in {DelayMs} ms")]
    public static partial void RetryScheduled(ILogger logger, string route, int attempt, string reason, long delayMs);

    [LoggerMessage(EventId = 2, EventName = "ExpiredTokenRefresh", Level = LogLevel.Information,
        Message = "Dropbox {Route} answered expired_access_token; fetching a fresh token and repeating once")]
    public static partial void ExpiredTokenRefresh(ILogger logger, string route);

    [LoggerMessage(EventId = 3, EventName = "CallFailed", Level = LogLevel.Warning,
        Message = "Dropbox {Route} failed with {ErrorCode} (HTTP {Status}, {TagPath}) after {Attempts} attempt(s)")]
    public static partial void CallFailed(ILogger logger, string route, string errorCode, int status, string? tagPath, int attempts);

    [LoggerMessage(EventId = 4, EventName = "TokenRefreshed", Level = LogLevel.Debug,
        Message = "Dropbox access token refreshed; it expires at {ExpiresAt}")]
    public static partial void TokenRefreshed(ILogger logger, DateTimeOffset? expiresAt);

    [LoggerMessage(EventId = 5, EventName = "UploadOffsetResynced", Level = LogLevel.Information,
        Message = "Upload session offset resynchronised from {Offset} to {CorrectOffset}")]
    public static partial void UploadOffsetResynced(ILogger logger, long offset, long correctOffset);

    [LoggerMessage(EventId = 6, EventName = "CommitRechecked", Level = LogLevel.Information,
        Message = "A retried Dropbox {Route} found the session gone; the earlier attempt had committed (content hash matches)")]
    public static partial void CommitRechecked(ILogger logger, string route);
}
