using RetroGrid.Core.Formats;

namespace RetroGrid.Agent.Cli.Output;

/// <summary>One snapshot as listed: its full id (object name) and a short id for people.</summary>
internal sealed record SnapshotOutput(
    string Id,
    string ShortId,
    DateTimeOffset Time,
    string Host,
    string AgentId,
    IReadOnlyList<string> Paths,
    IReadOnlyList<string> Tags,
    string? Parent,
    long Files,
    long Bytes,
    int Warnings)
{
    public const int ShortIdLength = 8;

    public static SnapshotOutput From(string name, Snapshot snapshot) => new(
        name,
        name[..Math.Min(ShortIdLength, name.Length)],
        DisplayFormat.FromUnixNs(snapshot.TimeUnixNs),
        snapshot.Host,
        snapshot.AgentId,
        snapshot.Paths,
        snapshot.Tags,
        snapshot.Parent,
        snapshot.Statistics.FilesScanned,
        snapshot.Statistics.BytesScanned,
        snapshot.Warnings.Count);
}
