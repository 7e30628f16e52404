using RetroGrid.Contracts.V1;

namespace RetroGrid.Rgctl;

/// <summary>
/// The line that ends a followed job, on a terminal and in a pipe alike. Durations and average rates come from the
/// controller's start and end times, so they are the job's own, not how long we happened to watch.
/// </summary>
internal static class JobSummary
{
    public static string Render(Job job)
    {
        var what = $"{(job.Kind == JobKind.Restore ? "Restore" : "Backup")} {job.Id}";
        var s = job.Statistics ?? new JobStatistics();
        TimeSpan? duration = job.StartedAt is { } started && job.FinishedAt is { } finished ? finished.ToDateTimeOffset() - started.ToDateTimeOffset() : null;
        var took = duration is { } d ? Display.Duration(d) : null;
        var rate = duration is { TotalSeconds: > 0 } positive ? $" ({Display.Rate(ProgressFrame.MovedBytes(job) / positive.TotalSeconds)})" : string.Empty;
        var moved = job.Kind == JobKind.Restore
            ? $"{s.FilesDone} files, {Display.Bytes(s.BytesWritten)} written{rate}"
            : $"{s.FilesScanned} files, {Display.Bytes(s.BytesScanned)} scanned, {Display.Bytes(s.BytesNew)} new, {Display.Bytes(s.BytesUploaded)} uploaded{rate}";
        var warnings = job.Warnings.Count switch
        {
            0 => string.Empty,
            1 => "; 1 warning (above)",
            var n => $"; {n} warnings (above)",
        };

        return job.State switch
        {
            JobState.Succeeded when job.Kind == JobKind.Backup => $"{what} succeeded in {took ?? "0:00"}: snapshot {Display.ShortName(job.SnapshotName)}; {moved}{warnings}.",
            JobState.Succeeded => $"{what} succeeded in {took ?? "0:00"}: {moved}{warnings}.",
            JobState.Failed => $"{what} failed{(took is null ? string.Empty : $" after {took}")}: {moved}{warnings}.",
            JobState.Cancelled when took is null => $"{what} was cancelled before it started.",
            JobState.Cancelled => $"{what} was cancelled after {took}: {moved}{warnings}.",
            _ => $"{what} is still {Display.State(job.State)}: the controller stopped sending its progress. Follow it with `rgctl jobs`.",
        };
    }
}
