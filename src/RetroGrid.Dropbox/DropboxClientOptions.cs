namespace RetroGrid.Dropbox;

/// <summary>Settings of the Dropbox client. Defaults match Dropbox; tests point the base addresses at the emulator.</summary>
public sealed class DropboxClientOptions
{
    /// <summary>The largest body Dropbox accepts in one upload request: 150 MiB.</summary>
    public const int MaxRequestBodyBytes = 150 * 1024 * 1024;

    /// <summary>The web host serving <c>oauth2/authorize</c>.</summary>
    public Uri AuthorizeBaseAddress { get; set; } = new("https://www.dropbox.com/");

    /// <summary>The API host (RPC routes and <c>oauth2/token</c>).</summary>
    public Uri ApiBaseAddress { get; set; } = new("https://api.dropboxapi.com/");

    /// <summary>The content host (upload and download routes).</summary>
    public Uri ContentBaseAddress { get; set; } = new("https://content.dropboxapi.com/");

    /// <summary>The app key (OAuth <c>client_id</c>). No secret: RetroGrid uses PKCE.</summary>
    public string? AppKey { get; set; }

    /// <summary>Attempts per call, the first included, for retryable failures (429, 5xx, resets, timeouts).</summary>
    public int MaxAttempts { get; set; } = 5;

    /// <summary>The first back-off delay; it doubles per attempt, with jitter, up to <see cref="RetryMaxDelay"/>.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The cap of the exponential back-off (a server's Retry-After is honoured even when longer).</summary>
    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The wait after a 429 that names no Retry-After (a plain-text 429).</summary>
    public TimeSpan RateLimitFallbackDelay { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// The time allowed for each HTTP attempt (sending the request and receiving the answer; for downloads, until
    /// the headers), independent of the caller's cancellation token. <see cref="Timeout.InfiniteTimeSpan"/> disables it.
    /// </summary>
    public TimeSpan OperationTimeout { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>The upload chunk size: a multiple of 4 MiB, at most 148 MiB. Inputs smaller than one chunk go in one <c>files/upload</c>.</summary>
    public int UploadChunkSize { get; set; } = 32 * 1024 * 1024;

    /// <summary>Send a per-request <c>content_hash</c> with every upload request, so Dropbox rejects damaged bodies.</summary>
    public bool SendContentHash { get; set; } = true;

    /// <summary>Verify the content hash of whole-file downloads while they are read.</summary>
    public bool VerifyDownloads { get; set; } = true;

    /// <summary>The pause between <c>delete_batch/check</c> polls.</summary>
    public TimeSpan BatchPollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The <c>User-Agent</c> sent with every request.</summary>
    public string UserAgent { get; set; } = "RetroGrid/1.0";

    /// <summary>Throws if a setting is out of range.</summary>
    public void Validate()
    {
        if (MaxAttempts < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxAttempts), MaxAttempts, "At least one attempt.");
        }

        if (UploadChunkSize <= 0 || UploadChunkSize % DropboxContentHasher.BlockSize != 0 || UploadChunkSize > MaxRequestBodyBytes)
        {
            throw new ArgumentOutOfRangeException(
                nameof(UploadChunkSize), UploadChunkSize, "The chunk size must be a positive multiple of 4 MiB of at most 150 MiB.");
        }

        if (RetryBaseDelay < TimeSpan.Zero || RetryMaxDelay < RetryBaseDelay)
        {
            throw new ArgumentOutOfRangeException(nameof(RetryMaxDelay), "Delays must be non-negative and the cap at least the base.");
        }
    }
}
