using Dapper;
using RetroGrid.Contracts.V1;
using RetroGrid.Controller.Catalog;
using RetroGrid.Controller.Jobs;

namespace RetroGrid.Controller.Telemetry;

/// <summary>
/// What the fleet gauges read from the catalog when a scrape or an export asks: each a single query on a synchronous
/// connection (metric callbacks cannot await).
/// </summary>
internal sealed class FleetReadings(CatalogDatabase database, ControllerPaths paths)
{
    /// <summary>Each active agent's assignment: seconds since its last good backup there (null: none yet) and whether that is overdue.</summary>
    public IReadOnlyList<(string AgentId, string SetId, double? AgeSeconds, bool Overdue)> BackupAges(DateTimeOffset now)
    {
        using var connection = database.Open();
        var rows = connection.Query<(string AgentId, string SetId, long? Interval, string? Cron, long? Proactive, long CreatedAt, long? LastGood)>(
            """
            SELECT a.agent_id, a.set_id, s.schedule_interval, s.schedule_cron, s.proactive_interval, s.created_at,
                   (SELECT MAX(j.finished_at) FROM jobs j
                    WHERE j.agent_id = a.agent_id AND j.set_id = a.set_id AND j.kind = @backup AND j.state = @succeeded)
            FROM assignments a
            JOIN backup_sets s ON s.id = a.set_id
            JOIN agents g ON g.id = a.agent_id
            WHERE g.revoked = 0
            ORDER BY a.agent_id, a.set_id;
            """,
            new { backup = (long)JobKind.Backup, succeeded = (long)JobState.Succeeded });
        return [.. rows.Select(r => (
            r.AgentId,
            r.SetId,
            r.LastGood is { } last ? Math.Max(0, now.ToUnixTimeMilliseconds() - last) / 1000.0 : (double?)null,
            BackupAge.IsOverdue(BackupAge.Allowed(r.Interval, r.Cron, r.Proactive), r.LastGood, r.CreatedAt, now)))];
    }

    /// <summary>Each set's stored bytes (its packs) and snapshot count.</summary>
    public IReadOnlyList<(string SetId, long StoredBytes, long Snapshots)> SetSizes()
    {
        using var connection = database.Open();
        return [.. connection.Query<(string, long, long)>(
            """
            SELECT s.id,
                   (SELECT COALESCE(SUM(p.length), 0) FROM packs p WHERE p.set_id = s.id),
                   (SELECT COUNT(*) FROM snapshots n WHERE n.set_id = s.id)
            FROM backup_sets s ORDER BY s.id;
            """)];
    }

    public long EnrolledAgents()
    {
        using var connection = database.Open();
        return connection.ExecuteScalar<long>("SELECT COUNT(*) FROM agents WHERE revoked = 0;");
    }

    /// <summary>The catalog's size on disk, its write-ahead log included.</summary>
    public long CatalogBytes() => SizeOf(paths.Catalog) + SizeOf(paths.Catalog + "-wal");

    private static long SizeOf(string path) => File.Exists(path) ? new FileInfo(path).Length : 0;
}
