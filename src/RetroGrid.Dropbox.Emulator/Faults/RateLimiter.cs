namespace RetroGrid.Dropbox.Emulator.Faults;

/// <summary>
/// Per-token request budget in fixed one-second windows of the injected clock. Rejected requests count too, as
/// Dropbox says they do.
/// </summary>
internal sealed class RateLimiter(int requestsPerSecond, TimeProvider time)
{
    private readonly object _sync = new();
    private readonly Dictionary<string, (long Window, int Count)> _windows = new(StringComparer.Ordinal);

    public int RequestsPerSecond { get; set; } = requestsPerSecond;

    /// <summary>False when the token has used up its budget for the current second.</summary>
    public bool TryAcquire(string token)
    {
        var limit = RequestsPerSecond;
        if (limit <= 0)
        {
            return true;
        }

        var window = time.GetUtcNow().ToUnixTimeSeconds();
        lock (_sync)
        {
            if (_windows.Count > 10_000)
            {
                _windows.Clear();
            }

            var (current, count) = _windows.TryGetValue(token, out var entry) && entry.Window == window ? entry : (window, 0);
            _windows[token] = (current, count + 1);
            return count < limit;
        }
    }
}
