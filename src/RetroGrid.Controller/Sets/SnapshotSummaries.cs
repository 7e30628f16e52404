using RetroGrid.Contracts.V1;

namespace RetroGrid.Controller.Sets;

/// <summary>What the catalog shows of a snapshot, read from the snapshot itself (a rebuild has no job outcome to go by).</summary>
internal static class SnapshotSummaries
{
    public static SnapshotSummary Of(Core.Formats.Snapshot snapshot)
    {
        var statistics = snapshot.Statistics;
        var summary = new SnapshotSummary
        {
            AgentId = snapshot.AgentId,
            HostName = snapshot.Host,
            Time = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(DateTimeOffset.UnixEpoch.AddTicks(snapshot.TimeUnixNs / 100)),
            Statistics = new JobStatistics
            {
                FilesScanned = statistics.FilesScanned,
                FilesDone = statistics.FilesScanned,
                BytesScanned = statistics.BytesScanned,
                BytesNew = statistics.BytesNew,
                BytesUploaded = statistics.BytesUploaded,
            },
            WarningCount = snapshot.Warnings.Count,
        };
        summary.Paths.AddRange(snapshot.Paths);
        summary.Tags.AddRange(snapshot.Tags);
        return summary;
    }
}
