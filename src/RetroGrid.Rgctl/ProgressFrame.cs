using System.Globalization;
using RetroGrid.Contracts.V1;

namespace RetroGrid.Rgctl;

/// <summary>
/// One line of a job's live progress, laid out like the agent's own progress display: what and state, a bar, the
/// percentage, then ETA, rate, files and bytes (uploaded, new, scanned), dropping the least useful parts first when the
/// terminal is narrow.
/// </summary>
internal static class ProgressFrame
{
    private const int MinBar = 10;
    private const int MaxBar = 30;

    public static string Render(Job job, double? bytesPerSecond, int width, bool unicode)
    {
        var head = $"{Display.Kind(job.Kind)} {Display.State(job.State)}";
        var fraction = Fraction(job);
        var percent = fraction is { } f ? string.Create(CultureInfo.InvariantCulture, $"{Math.Floor(f * 100),3:0}%") : " --%";
        var fixedWidth = head.Length + 1 + MinBar + 1 + percent.Length;

        var status = string.Empty;
        foreach (var segment in Segments(job, bytesPerSecond))
        {
            var longer = status.Length == 0 ? segment : $"{status}, {segment}";
            if (status.Length > 0 && fixedWidth + 1 + longer.Length > width)
            {
                break;
            }

            status = longer;
        }

        var barWidth = Math.Min(width - (fixedWidth - MinBar) - 1 - status.Length, MaxBar);
        var bar = barWidth >= MinBar ? Bar(fraction, barWidth, unicode) : null;
        string?[] parts = [head, bar, percent, status];
        return Display.Truncate(string.Join(' ', parts.Where(p => !string.IsNullOrEmpty(p))), width, unicode);
    }

    /// <summary>The bytes a rate is worth showing for: uploaded by a backup, written by a restore.</summary>
    public static long MovedBytes(Job job) => job.Kind == JobKind.Restore ? job.Statistics?.BytesWritten ?? 0 : job.Statistics?.BytesUploaded ?? 0;

    /// <summary>
    /// How far along, or null while unknown. A backup's file count keeps growing until its scan ends, which is when the
    /// agent first sends an ETA (its own display waits for the same); a restore knows its totals from the start.
    /// </summary>
    public static double? Fraction(Job job)
    {
        var s = job.Statistics ?? new JobStatistics();
        double? fraction = job.State switch
        {
            JobState.Succeeded => 1,
            JobState.Queued => null,
            _ when job.Kind == JobKind.Restore && s.BytesScanned > 0 => (double)s.BytesWritten / s.BytesScanned,
            _ when job.Kind == JobKind.Restore && s.FilesScanned > 0 => (double)s.FilesDone / s.FilesScanned,
            _ when job.Kind == JobKind.Backup && s.FilesScanned > 0 && (job.EtaSeconds > 0 || job.State != JobState.Running) => (double)s.FilesDone / s.FilesScanned,
            _ => null,
        };
        // 100% is kept for a job that has ended well: the last files done still leave packs to upload and commit.
        return fraction is { } value ? Math.Clamp(value, 0, job.State == JobState.Succeeded ? 1 : 0.99) : null;
    }

    private static IEnumerable<string> Segments(Job job, double? bytesPerSecond)
    {
        if (job.State == JobState.Queued)
        {
            yield return "waiting for the agent";
            yield break;
        }

        var s = job.Statistics ?? new JobStatistics();
        if (job.State == JobState.Running)
        {
            yield return job.EtaSeconds > 0 ? $"ETA {Display.Duration(TimeSpan.FromSeconds(Math.Ceiling(job.EtaSeconds)))}" : "ETA --:--";
            if (bytesPerSecond is { } rate)
            {
                yield return Display.Rate(rate);
            }
        }

        yield return $"{s.FilesDone}/{s.FilesScanned} files";
        if (job.Kind == JobKind.Restore)
        {
            yield return $"{Display.Bytes(s.BytesWritten)}/{Display.Bytes(s.BytesScanned)} written";
        }
        else
        {
            // Most telling first, so an 80-column terminal still shows what has gone up.
            yield return $"{Display.Bytes(s.BytesUploaded)} up";
            yield return $"{Display.Bytes(s.BytesNew)} new";
            yield return $"{Display.Bytes(s.BytesScanned)} scanned";
        }
    }

    private static string Bar(double? fraction, int width, bool unicode)
    {
        var (done, left) = unicode ? ('█', '░') : ('#', '-');
        var filled = fraction is { } f ? (int)Math.Floor(f * width) : 0;
        return new string(done, filled) + new string(left, width - filled);
    }
}
