namespace RetroGrid.Dropbox;

/// <summary>The catalog of Dropbox destination error codes (<c>RG1xxx</c>). Every entry is documented in docs/errors.md.</summary>
public static class RetroGridErrorCodes
{
    public static RetroGridErrorCode NeedsReauthorization { get; } = new(
        "RG1001",
        "NeedsReauthorization",
        "Dropbox no longer accepts this backup set's credentials (the app was unlinked, the token was revoked or it is invalid).",
        "Link the backup set to Dropbox again (re-authorize); running jobs resume after the new link.");

    public static RetroGridErrorCode MissingScope { get; } = new(
        "RG1002",
        "MissingScope",
        "The Dropbox authorization lacks a permission (scope) this operation needs.",
        "Enable the named scope on the app's Permissions tab if needed, then re-authorize the backup set so the new token carries it.");

    public static RetroGridErrorCode DestinationUnavailable { get; } = new(
        "RG1003",
        "DestinationUnavailable",
        "Dropbox could not be reached or kept failing (server errors, timeouts or dropped connections) after several attempts.",
        "Check the network and https://status.dropbox.com; the job can be retried later and resumes where it stopped.");

    public static RetroGridErrorCode RateLimited { get; } = new(
        "RG1004",
        "RateLimited",
        "Dropbox kept asking us to slow down (rate limit or too many simultaneous writes) after several waits.",
        "Retry later or run fewer jobs at once against this Dropbox account.");

    public static RetroGridErrorCode InsufficientSpace { get; } = new(
        "RG1005",
        "InsufficientSpace",
        "The Dropbox account is out of space.",
        "Free space in Dropbox (groom the backup set, empty deleted files) or upgrade the Dropbox plan.");

    public static RetroGridErrorCode Conflict { get; } = new(
        "RG1006",
        "Conflict",
        "Something else already exists at the destination path, or it changed since it was read.",
        "Check the backup set folder in Dropbox for files not written by RetroGrid; re-run the job to re-read the current state.");

    public static RetroGridErrorCode NotFound { get; } = new(
        "RG1007",
        "NotFound",
        "The file or folder does not exist in Dropbox (or is of a different kind than expected).",
        "Check that the backup set folder was not moved or deleted in Dropbox; run a verify or rebuild of the set.");

    public static RetroGridErrorCode CorruptData { get; } = new(
        "RG1008",
        "CorruptData",
        "Data arrived damaged: its content hash does not match.",
        "Retry the operation; if it repeats, run a verify of the backup set and check the network path (proxies, antivirus).");

    public static RetroGridErrorCode UploadSessionLost { get; } = new(
        "RG1009",
        "UploadSessionLost",
        "The Dropbox upload session expired, was already finished or lost data we no longer hold.",
        "Re-run the backup; the data is uploaded again in a new session.");

    public static RetroGridErrorCode PayloadTooLarge { get; } = new(
        "RG1010",
        "PayloadTooLarge",
        "A request or file exceeds a Dropbox size limit (150 MiB per request, about 2 TiB per file, or too many items per call).",
        "Use a smaller upload chunk size or smaller packs; this is usually a RetroGrid configuration problem.");

    public static RetroGridErrorCode BadRequest { get; } = new(
        "RG1011",
        "BadRequest",
        "Dropbox rejected the request as malformed. This is a bug or misconfiguration on RetroGrid's side.",
        "Check the app key and base addresses; otherwise report the bug with the request id.");

    public static RetroGridErrorCode AccessDenied { get; } = new(
        "RG1012",
        "AccessDenied",
        "Dropbox denied access to this path or feature (no write permission, team folder, restricted or locked content).",
        "Check the folder's sharing permissions in Dropbox and the app's access type (app folder or full Dropbox).");

    public static RetroGridErrorCode AccountProblem { get; } = new(
        "RG1013",
        "AccountProblem",
        "The Dropbox account cannot be used right now (suspended, wrong account type, or the team's monthly data transport limit is used up).",
        "Sign in to Dropbox in a browser and resolve the account notice, or contact the Dropbox team admin.");

    public static RetroGridErrorCode InvalidPath { get; } = new(
        "RG1014",
        "InvalidPath",
        "Dropbox does not accept this path or name, or the namespace root changed.",
        "Rename the file or choose another destination folder; for team accounts, re-read the account's root namespace.");

    public static RetroGridErrorCode AuthorizationRefused { get; } = new(
        "RG1015",
        "AuthorizationRefused",
        "Linking to Dropbox did not complete: the user denied access, or the answer did not belong to this request.",
        "Start the link again and choose Allow on the Dropbox page; use the newest link only once.");

    public static RetroGridErrorCode UnexpectedResponse { get; } = new(
        "RG1099",
        "UnexpectedResponse",
        "Dropbox answered in a way RetroGrid does not understand.",
        "Retry; if it repeats, report it with the request id and the error tag.");

    /// <summary>Every code, in numeric order.</summary>
    public static IReadOnlyList<RetroGridErrorCode> All { get; } =
    [
        NeedsReauthorization, MissingScope, DestinationUnavailable, RateLimited, InsufficientSpace, Conflict, NotFound,
        CorruptData, UploadSessionLost, PayloadTooLarge, BadRequest, AccessDenied, AccountProblem, InvalidPath,
        AuthorizationRefused, UnexpectedResponse,
    ];

    /// <summary>Finds a code by its <c>RGnnnn</c> string; null if unknown.</summary>
    public static RetroGridErrorCode? Find(string code) => All.FirstOrDefault(c => string.Equals(c.Code, code, StringComparison.Ordinal));
}
