using RetroGrid.Core.Formats;
using RetroGrid.Core.Repository;

namespace RetroGrid.Agent.Cli;

/// <summary>Finds a snapshot by full id, unique id prefix, or <c>latest</c> (the newest by time).</summary>
internal static class SnapshotResolver
{
    public const string Latest = "latest";
    private const int MinPrefixLength = 4;

    public static async Task<(string Name, Snapshot Snapshot)> ResolveAsync(BackupSet set, string id, CancellationToken cancellationToken)
    {
        var names = await set.ListSnapshotsAsync(cancellationToken);
        if (string.Equals(id, Latest, StringComparison.OrdinalIgnoreCase))
        {
            (string Name, Snapshot Snapshot)? newest = null;
            foreach (var name in names)
            {
                var snapshot = await set.LoadSnapshotAsync(name, cancellationToken);
                if (newest is null || snapshot.TimeUnixNs > newest.Value.Snapshot.TimeUnixNs)
                {
                    newest = (name, snapshot);
                }
            }

            return newest ?? throw new CliException(AgentErrorCodes.SnapshotNotFound, "The set holds no snapshots yet.");
        }

        var lower = id.ToLowerInvariant();
        var matches = lower.Length >= MinPrefixLength ? names.Where(n => n.StartsWith(lower, StringComparison.Ordinal)).ToList() : [];
        return matches.Count switch
        {
            1 => (matches[0], await set.LoadSnapshotAsync(matches[0], cancellationToken)),
            0 => throw new CliException(AgentErrorCodes.SnapshotNotFound, $"No snapshot id starts with '{id}' (give at least {MinPrefixLength} hex digits)."),
            _ => throw new CliException(AgentErrorCodes.SnapshotNotFound, $"{matches.Count} snapshots start with '{id}'; give more digits."),
        };
    }
}
