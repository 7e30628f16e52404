using System.Globalization;
using RetroGrid.Core.FileSystem;
using RetroGrid.Core.Formats;

namespace RetroGrid.Core.Backup;

/// <summary>
/// Collects per-path warnings for the snapshot, up to a cap (a tree of a million unreadable files must not become a
/// million-entry snapshot); beyond it, only a count is kept and reported as one summary warning.
/// </summary>
internal sealed class WarningCollector(int maxWarnings)
{
    private readonly Lock _lock = new();
    private readonly List<SnapshotWarning> _warnings = [];
    private long _dropped;

    public void Add(string path, SnapshotWarningKind kind, string message)
    {
        lock (_lock)
        {
            if (_warnings.Count < maxWarnings)
            {
                _warnings.Add(new SnapshotWarning { Path = path, Kind = kind, Message = message });
            }
            else
            {
                _dropped++;
            }
        }
    }

    public void Add(WalkWarning warning) => Add(warning.Path, warning.Kind switch
    {
        WalkWarningKind.PermissionDenied => SnapshotWarningKind.PermissionDenied,
        WalkWarningKind.Vanished => SnapshotWarningKind.Vanished,
        _ => SnapshotWarningKind.ReadError,
    }, warning.Message);

    /// <summary>Maps a per-file exception to a warning; false for exceptions that must fail the job.</summary>
    public bool TryAdd(string path, Exception exception)
    {
        SnapshotWarningKind? kind = exception switch
        {
            UnauthorizedAccessException => SnapshotWarningKind.PermissionDenied,
            FileNotFoundException or DirectoryNotFoundException => SnapshotWarningKind.Vanished,
            IOException => SnapshotWarningKind.ReadError,
            _ => null,
        };
        if (kind is null)
        {
            return false;
        }

        Add(path, kind.Value, exception.Message);
        return true;
    }

    public IReadOnlyList<SnapshotWarning> ToList()
    {
        lock (_lock)
        {
            var list = new List<SnapshotWarning>(_warnings);
            if (_dropped > 0)
            {
                list.Add(new SnapshotWarning
                {
                    Path = string.Empty,
                    Kind = SnapshotWarningKind.Unspecified,
                    Message = string.Create(CultureInfo.InvariantCulture, $"{_dropped} more warnings were not recorded."),
                });
            }

            return list;
        }
    }
}
