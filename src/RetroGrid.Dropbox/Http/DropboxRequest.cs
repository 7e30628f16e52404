namespace RetroGrid.Dropbox;

/// <summary>One logical Dropbox call; the executor turns it into one or more HTTP attempts.</summary>
internal sealed class DropboxRequest
{
    /// <summary>The route without <c>/2/</c>, e.g. <c>files/upload</c>; <c>oauth2/token</c> for the token endpoint.</summary>
    public required string Route { get; init; }

    public required DropboxRouteStyle Style { get; init; }

    /// <summary>The argument JSON: the body for RPC (null sends <c>null</c>), the header for upload/download (header-safe).</summary>
    public string? Arg { get; init; }

    public UploadBody? Body { get; init; }

    public IReadOnlyList<KeyValuePair<string, string>>? Form { get; init; }

    public DropboxByteRange? Range { get; init; }

    public bool Authenticated { get; init; } = true;

    /// <summary>
    /// False where an attempt whose outcome is unknown must not be repeated blindly (the single-use OAuth code):
    /// then only answers that prove the request was not processed (429) are retried.
    /// </summary>
    public bool RetryAmbiguousFailures { get; init; } = true;
}
