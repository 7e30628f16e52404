using System.Net;

namespace RetroGrid.Dropbox;

/// <summary>Maps a Dropbox answer (status + tag path) onto a stable <see cref="RetroGridErrorCode"/>. The table is in docs/errors.md.</summary>
internal static class DropboxErrorClassifier
{
    public const string TokenRoute = "oauth2/token";

    public static RetroGridErrorCode Classify(string route, HttpStatusCode? status, string? tagPath)
    {
        if (status is null)
        {
            return RetroGridErrorCodes.DestinationUnavailable;
        }

        if (route == TokenRoute)
        {
            return ClassifyTokenEndpoint(status.Value, tagPath);
        }

        var code = (int)status.Value;
        var tags = tagPath is null ? [] : tagPath.Split('/');
        var first = tags.Length > 0 ? tags[0] : string.Empty;
        return code switch
        {
            400 => RetroGridErrorCodes.BadRequest,
            401 => first switch
            {
                "missing_scope" => RetroGridErrorCodes.MissingScope,
                "user_suspended" => RetroGridErrorCodes.AccountProblem,
                "route_access_denied" => RetroGridErrorCodes.AccessDenied,
                _ => RetroGridErrorCodes.NeedsReauthorization,
            },
            403 => first is "invalid_account_type" or "user_suspended" or "team_access_denied" or "paper_access_denied"
                ? RetroGridErrorCodes.AccountProblem
                : RetroGridErrorCodes.AccessDenied,
            413 => RetroGridErrorCodes.PayloadTooLarge,
            422 => RetroGridErrorCodes.InvalidPath,
            429 => RetroGridErrorCodes.RateLimited,
            >= 500 => RetroGridErrorCodes.DestinationUnavailable,
            409 or 404 => ClassifyRouteError(route, tags),
            _ => RetroGridErrorCodes.UnexpectedResponse,
        };
    }

    private static RetroGridErrorCode ClassifyTokenEndpoint(HttpStatusCode status, string? error) => error switch
    {
        "invalid_grant" => RetroGridErrorCodes.NeedsReauthorization,
        "invalid_scope" => RetroGridErrorCodes.MissingScope,
        "access_denied" => RetroGridErrorCodes.AuthorizationRefused,
        "invalid_request" or "invalid_client" or "unauthorized_client" or "unsupported_grant_type" => RetroGridErrorCodes.BadRequest,
        _ when (int)status == 429 => RetroGridErrorCodes.RateLimited,
        _ when (int)status >= 500 => RetroGridErrorCodes.DestinationUnavailable,
        _ when (int)status == 401 => RetroGridErrorCodes.NeedsReauthorization,
        _ => RetroGridErrorCodes.BadRequest,
    };

    private static RetroGridErrorCode ClassifyRouteError(string route, string[] tags)
    {
        if (tags.Length == 0)
        {
            return RetroGridErrorCodes.UnexpectedResponse;
        }

        // Most specific facts first: they can sit under any outer tag (path/, path_write/, lookup_failed/, failure/).
        if (tags.Contains("insufficient_space"))
        {
            return RetroGridErrorCodes.InsufficientSpace;
        }

        if (tags.Contains("content_hash_mismatch"))
        {
            return RetroGridErrorCodes.CorruptData;
        }

        if (tags.Contains("too_many_write_operations"))
        {
            return RetroGridErrorCodes.RateLimited;
        }

        if (tags.Contains("payload_too_large") || tags.Contains("too_large") || tags.Contains("too_many_files"))
        {
            return RetroGridErrorCodes.PayloadTooLarge;
        }

        if (tags.Any(t => t.StartsWith("concurrent_session_", StringComparison.Ordinal)))
        {
            return RetroGridErrorCodes.BadRequest;
        }

        var first = tags[0];
        var isSessionRoute = route.StartsWith("files/upload_session/", StringComparison.Ordinal);
        if (first == "lookup_failed" || (isSessionRoute && first is "not_found" or "incorrect_offset" or "closed" or "not_closed"))
        {
            return RetroGridErrorCodes.UploadSessionLost;
        }

        if (tags.Contains("conflict"))
        {
            return RetroGridErrorCodes.Conflict;
        }

        if (tags.Contains("malformed_path") || tags.Contains("disallowed_name"))
        {
            return RetroGridErrorCodes.InvalidPath;
        }

        foreach (var tag in tags)
        {
            switch (tag)
            {
                case "not_found" or "not_file" or "not_folder" or "invalid_revision" or "invalid_async_job_id":
                    return RetroGridErrorCodes.NotFound;
                case "no_write_permission" or "team_folder" or "restricted_content" or "access_restricted" or "locked"
                    or "unsupported_file" or "unsupported_content_type" or "encryption_not_supported" or "operation_suppressed":
                    return RetroGridErrorCodes.AccessDenied;
                case "internal_error":
                    return RetroGridErrorCodes.DestinationUnavailable;
                default:
                    break;
            }
        }

        return RetroGridErrorCodes.UnexpectedResponse;
    }
}
