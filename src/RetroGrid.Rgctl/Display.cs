using System.Globalization;
using Google.Protobuf.WellKnownTypes;
using RetroGrid.Contracts.V1;

namespace RetroGrid.Rgctl;

/// <summary>How sizes, times and states are shown to people (invariant culture, so output is the same everywhere).</summary>
internal static class Display
{
    private static readonly string[] Units = ["B", "KiB", "MiB", "GiB", "TiB", "PiB"];

    public static string Bytes(long bytes)
    {
        double value = bytes;
        var unit = 0;
        while (Math.Abs(value) >= 1024 && unit < Units.Length - 1)
        {
            value /= 1024;
            unit++;
        }

        return unit == 0
            ? string.Create(CultureInfo.InvariantCulture, $"{bytes} B")
            : string.Create(CultureInfo.InvariantCulture, $"{value:0.0} {Units[unit]}");
    }

    public static string Rate(double bytesPerSecond) => Bytes((long)bytesPerSecond) + "/s";

    /// <summary>m:ss, or h:mm:ss from an hour on (as the agent's own command line shows it).</summary>
    public static string Duration(TimeSpan duration) =>
        duration.ToString(duration.TotalHours >= 1 ? @"h\:mm\:ss" : @"m\:ss", CultureInfo.InvariantCulture);

    /// <summary>UTC, sortable; "-" for a time the controller never set.</summary>
    public static string Time(Timestamp? time) => time is null ? "-" : time.ToDateTimeOffset().ToString("u", CultureInfo.InvariantCulture);

    public static string State(JobState state) => state.ToString().ToLowerInvariant();

    public static string Kind(JobKind kind) => kind.ToString().ToLowerInvariant();

    /// <summary>Who runs a job: its agent, or the controller itself (verify, groom).</summary>
    public static string Agent(Job job) => job.AgentId.Length > 0 ? job.AgentId : "controller";

    /// <summary>A job's outcome in a few words: its error, its snapshot, what it checked or reclaimed, or how much it moved.</summary>
    public static string Result(Job job) =>
        job.Error is { Code.Length: > 0 } error ? $"{error.Code}: {error.Message}"
        : job.SnapshotName.Length > 0 ? $"snapshot {ShortName(job.SnapshotName)}"
        : job is { Kind: JobKind.Verify, Statistics: { } v } ? string.Create(CultureInfo.InvariantCulture, $"sound: {v.SnapshotsChecked} snapshots, {v.PacksChecked} packs, {v.PacksRead} read")
        : job is { Kind: JobKind.Groom, Statistics: { } g }
            ? string.Create(CultureInfo.InvariantCulture, $"{g.SnapshotsForgotten} snapshots forgotten, {g.PacksDeleted} packs deleted ({Bytes(g.BytesReclaimed)} reclaimed)")
        : job.Statistics is { } s && (s.BytesUploaded > 0 || s.BytesWritten > 0) ? string.Create(CultureInfo.InvariantCulture, $"{Math.Max(s.BytesUploaded, s.BytesWritten):N0} bytes")
        : string.Empty;

    /// <summary>Snapshot names are long hashes; 12 characters are unique in practice and accepted wherever a name is.</summary>
    public static string ShortName(string name) => name[..Math.Min(12, name.Length)];

    /// <summary>Cuts text to a width, marking the cut so a shortened value is never taken for the whole one.</summary>
    public static string Truncate(string text, int width, bool unicode)
    {
        if (text.Length <= width)
        {
            return text;
        }

        var mark = unicode ? "…" : "...";
        return width <= mark.Length ? text[..Math.Max(width, 0)] : string.Concat(text.AsSpan(0, width - mark.Length), mark);
    }
}
