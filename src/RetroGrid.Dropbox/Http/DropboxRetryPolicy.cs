namespace RetroGrid.Dropbox;

/// <summary>Back-off arithmetic: capped exponential with "equal jitter" (half fixed, half random), and the 429 rule of §5.1.</summary>
internal sealed class DropboxRetryPolicy
{
    private readonly DropboxClientOptions _options;

    public DropboxRetryPolicy(DropboxClientOptions options)
    {
        _options = options;
    }

    /// <summary>Returns a value in [0, 1); replaceable so tests get exact delays.</summary>
    public Func<double> Jitter { get; set; } = Random.Shared.NextDouble;

    public int MaxAttempts => _options.MaxAttempts;

    /// <summary>The back-off before attempt <paramref name="nextAttempt"/> (2 = the first retry).</summary>
    public TimeSpan GetBackoff(int nextAttempt)
    {
        var exponent = Math.Clamp(nextAttempt - 2, 0, 30);
        var ceiling = Math.Min(_options.RetryBaseDelay.TotalMilliseconds * Math.Pow(2, exponent), _options.RetryMaxDelay.TotalMilliseconds);
        return TimeSpan.FromMilliseconds((ceiling / 2) + (ceiling / 2 * Jitter()));
    }

    /// <summary>The wait after a 429: what the server asked for (the larger of header and body), else the fallback.</summary>
    public TimeSpan GetRateLimitDelay(TimeSpan? retryAfter) => retryAfter ?? _options.RateLimitFallbackDelay;
}
