namespace RetroGrid.Core.Restore;

/// <summary>Thread-safe lists of a restore's warnings (data fine, something skipped) and failures (entry not restored).</summary>
internal sealed class RestoreReport
{
    private readonly Lock _lock = new();
    private readonly List<string> _warnings = [];
    private readonly List<string> _failures = [];
    private readonly HashSet<string> _onceKeys = new(StringComparer.Ordinal);

    public void Warn(string path, string message)
    {
        lock (_lock)
        {
            _warnings.Add($"{path}: {message}");
        }
    }

    /// <summary>A warning given once per key (e.g. "xattrs unsupported on this file system"), not once per file.</summary>
    public void WarnOnce(string key, string message)
    {
        lock (_lock)
        {
            if (_onceKeys.Add(key))
            {
                _warnings.Add(message);
            }
        }
    }

    public void Fail(string path, string reason)
    {
        lock (_lock)
        {
            _failures.Add($"{path}: {reason}");
        }
    }

    public (IReadOnlyList<string> Warnings, IReadOnlyList<string> Failures) ToLists()
    {
        lock (_lock)
        {
            return ([.. _warnings], [.. _failures.Order(StringComparer.Ordinal)]);
        }
    }
}
