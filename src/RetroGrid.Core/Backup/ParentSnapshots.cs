using RetroGrid.Core.Errors;
using RetroGrid.Core.Formats;
using RetroGrid.Core.Repository;

namespace RetroGrid.Core.Backup;

/// <summary>Chooses the snapshot a progressive backup compares against.</summary>
internal static class ParentSnapshots
{
    /// <summary>
    /// The named parent; or, when none is named, the latest snapshot of the same host and the same paths; null when
    /// the request says "none" (an empty name) or there is no such snapshot.
    /// </summary>
    public static async Task<(string Name, Snapshot Snapshot)?> FindAsync(
        BackupSet set, BackupRequest request, IReadOnlyList<string> paths, CancellationToken cancellationToken)
    {
        if (request.ParentSnapshot is { Length: 0 })
        {
            return null;
        }

        if (request.ParentSnapshot is { } named)
        {
            return (named, await set.LoadSnapshotAsync(named, cancellationToken).ConfigureAwait(false));
        }

        (string Name, Snapshot Snapshot)? latest = null;
        foreach (var name in await set.ListSnapshotsAsync(cancellationToken).ConfigureAwait(false))
        {
            Snapshot snapshot;
            try
            {
                snapshot = await set.LoadSnapshotAsync(name, cancellationToken).ConfigureAwait(false);
            }
            catch (RetroGridFormatException)
            {
                // A damaged snapshot cannot be a parent; `check` reports it.
                continue;
            }

            if (snapshot.Host == request.Host && snapshot.Paths.SequenceEqual(paths, StringComparer.Ordinal)
                && (latest is null || snapshot.TimeUnixNs > latest.Value.Snapshot.TimeUnixNs))
            {
                latest = (name, snapshot);
            }
        }

        return latest;
    }
}
