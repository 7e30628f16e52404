using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using RetroGrid.Contracts.V1;
using RetroGrid.Controller.Services;

namespace RetroGrid.Controller.Telemetry;

/// <summary>
/// The fleet as the controller sees it, on the <c>RetroGrid.Controller</c> meter: agents connected and enrolled, how
/// old each agent's last good backup of each set is and whether that is overdue, what backups scanned, found new and
/// uploaded (agents report each job's figures over their Connect stream, so this covers workstations nobody can
/// scrape), each set's size, and the catalog's. Ids only in attributes.
/// </summary>
internal sealed class FleetMetrics
{
    private readonly Counter<long> _scanned;
    private readonly Counter<long> _new;
    private readonly Counter<long> _uploaded;
    private readonly Counter<long> _files;
    private readonly ConcurrentDictionary<string, double> _dedupRatios = new(StringComparer.Ordinal);

    public FleetMetrics(IMeterFactory meters, FleetReadings readings, AgentSessions sessions, TimeProvider time)
    {
        var meter = meters.Create(new MeterOptions(ControllerMetrics.MeterName) { Version = "1.0" });
        meter.CreateObservableGauge("retrogrid.agents.connected", () => (long)sessions.Count, unit: "{agent}", description: "Agents with an open Connect stream.");
        meter.CreateObservableGauge("retrogrid.agents.enrolled", readings.EnrolledAgents, unit: "{agent}", description: "Agents enrolled and not revoked.");
        meter.CreateObservableGauge(
            "retrogrid.agent.backup.age",
            () => readings.BackupAges(time.GetUtcNow()).Where(r => r.AgeSeconds is not null).Select(r => new Measurement<double>(r.AgeSeconds!.Value, AgentTags(r.AgentId, r.SetId))),
            unit: "s",
            description: "Seconds since the agent's last successful backup of the set; absent until it has one.");
        meter.CreateObservableGauge(
            "retrogrid.agent.backup.overdue",
            () => readings.BackupAges(time.GetUtcNow()).Select(r => new Measurement<long>(r.Overdue ? 1 : 0, AgentTags(r.AgentId, r.SetId))),
            unit: "{agent}",
            description: "1 when the agent's last good backup of the set is older than twice the set's interval (or it never had one that long after the set was made).");
        meter.CreateObservableGauge(
            "retrogrid.set.stored",
            () => readings.SetSizes().Select(s => new Measurement<long>(s.StoredBytes, SetTag(s.SetId))),
            unit: "By",
            description: "Bytes of packs the set holds on Dropbox.");
        meter.CreateObservableGauge(
            "retrogrid.set.snapshots",
            () => readings.SetSizes().Select(s => new Measurement<long>(s.Snapshots, SetTag(s.SetId))),
            unit: "{snapshot}",
            description: "Snapshots the set holds.");
        meter.CreateObservableGauge("retrogrid.catalog.size", readings.CatalogBytes, unit: "By", description: "The catalog database's size on disk.");
        meter.CreateObservableGauge(
            "retrogrid.backup.dedup.ratio",
            () => _dedupRatios.Select(r => new Measurement<double>(r.Value, SetTag(r.Key))),
            unit: "1",
            description: "Share of the bytes the set's last backup scanned that it did not have to store (1 - new / scanned).");
        _scanned = meter.CreateCounter<long>("retrogrid.backup.scanned", unit: "By", description: "Bytes of files backups looked at.");
        _new = meter.CreateCounter<long>("retrogrid.backup.new", unit: "By", description: "Bytes of content backups found the set did not hold.");
        _uploaded = meter.CreateCounter<long>("retrogrid.backup.uploaded", unit: "By", description: "Bytes of packs backups uploaded to Dropbox.");
        _files = meter.CreateCounter<long>("retrogrid.backup.files", unit: "{file}", description: "Files backups went through.");
    }

    /// <summary>A backup ended: its figures, as the agent reported them.</summary>
    public void BackupEnded(string setId, JobOutcome outcome)
    {
        if (outcome.Statistics is not { } statistics)
        {
            return;
        }

        var set = SetTag(setId);
        _scanned.Add(statistics.BytesScanned, set);
        _new.Add(statistics.BytesNew, set);
        _uploaded.Add(statistics.BytesUploaded, set);
        _files.Add(statistics.FilesDone, set);
        if (outcome.State == JobState.Succeeded && statistics.BytesScanned > 0)
        {
            _dedupRatios[setId] = Math.Clamp(1 - ((double)statistics.BytesNew / statistics.BytesScanned), 0, 1);
        }
    }

    private static KeyValuePair<string, object?> SetTag(string setId) => new("retrogrid.set.id", setId);

    private static KeyValuePair<string, object?>[] AgentTags(string agentId, string setId) => [new("retrogrid.agent.id", agentId), SetTag(setId)];
}
