using Google.Protobuf.WellKnownTypes;
using Microsoft.Extensions.Time.Testing;
using RetroGrid.Contracts.V1;
using RetroGrid.Rgctl;

namespace RetroGrid.Controller.Tests;

/// <summary>rgctl's job views fed a fixed sequence of job updates: the live bar at a terminal, the lines in a pipe, the summary.</summary>
public sealed class RgctlProgressTests
{
    private static readonly DateTimeOffset Start = new(2026, 3, 1, 2, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task LiveView_SampleUpdates_RedrawsOneLineInPlace()
    {
        var clock = new FakeTimeProvider(Start);
        var output = new RgctlOutput();
        var view = new LiveJobView(new RgctlConsole { Out = output, Error = TextWriter.Null, In = TextReader.Null, IsTerminal = true, Width = () => 100, TimeProvider = clock });

        foreach (var job in Sample())
        {
            await view.ShowAsync(job);
            clock.Advance(TimeSpan.FromSeconds(4));
        }

        await view.EndAsync();

        var frames = output.ToString().TrimEnd('\n').Split('\r')[1..];
        Assert.Equal(
            [
                "backup queued ░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░  --% waiting for the agent",
                "backup running ░░░░░░░░░░░░░░░░░░░░░░░  --% ETA --:--, 0/3 files, 0 B up, 0 B new, 12.0 KiB scanned",
                "backup running ██████████░░░░░░░░░░  50% ETA 0:08, 4.0 KiB/s, 5/10 files, 16.0 KiB up, 32.0 KiB new",
                "backup running ██████████████████░  99% ETA 0:01, 3.0 KiB/s, 10/10 files, 24.0 KiB up, 32.0 KiB new",
                "backup succeeded ████████████████████ 100% 10/10 files, 32.0 KiB up, 32.0 KiB new, 40.0 KiB scanned",
            ],
            frames.Select(f => f.TrimEnd()));
        Assert.All(frames, f => Assert.True(f.Length <= 99, $"{f.Length} columns: {f}"));
        // Each frame is padded to the length of the one before, so a shorter frame leaves nothing of it on the line.
        Assert.All(frames.Zip(frames.Skip(1)), pair => Assert.True(pair.Second.Length >= pair.First.TrimEnd().Length, pair.Second));
        Assert.EndsWith("\n", output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task PlainView_SampleUpdates_OneLinePerState()
    {
        var output = new RgctlOutput();
        var view = new PlainJobView(output);

        foreach (var job in Sample())
        {
            await view.ShowAsync(job);
        }

        Assert.Equal(
            "rg-job-7 queued     0 files \nrg-job-7 running    0 files \nrg-job-7 succeeded  10 files snapshot 9f8e7d6c5b4a\n",
            output.ToString());
    }

    [Fact]
    public void Summary_EachOutcome_SaysWhatHappenedAndHowFast()
    {
        var jobs = Sample().ToList();
        var failed = jobs[3].Clone();
        failed.State = JobState.Failed;
        failed.FinishedAt = Timestamp.FromDateTimeOffset(Start.AddSeconds(30));
        failed.Error = new ErrorInfo { Code = "RG2101", Message = "Dropbox refused the upload.", NextStep = "Re-link the set." };
        var cancelledWhileQueued = jobs[0].Clone();
        cancelledWhileQueued.State = JobState.Cancelled;
        var restore = new Job
        {
            Id = "rg-job-8",
            Kind = JobKind.Restore,
            State = JobState.Succeeded,
            StartedAt = Timestamp.FromDateTimeOffset(Start),
            FinishedAt = Timestamp.FromDateTimeOffset(Start.AddHours(1).AddSeconds(4)),
            Statistics = new JobStatistics { FilesScanned = 4, FilesDone = 4, BytesScanned = 3_614_720, BytesWritten = 3_614_720 },
        };

        Assert.Equal("Backup rg-job-7 succeeded in 1:05: snapshot 9f8e7d6c5b4a; 10 files, 40.0 KiB scanned, 32.0 KiB new, 32.0 KiB uploaded (504 B/s); 1 warning (above).", JobSummary.Render(jobs[4]));
        Assert.Equal("Backup rg-job-7 failed after 0:30: 10 files, 40.0 KiB scanned, 32.0 KiB new, 24.0 KiB uploaded (819 B/s).", JobSummary.Render(failed));
        Assert.Equal("Backup rg-job-7 was cancelled before it started.", JobSummary.Render(cancelledWhileQueued));
        Assert.Equal("Restore rg-job-8 succeeded in 1:00:04: 4 files, 3.4 MiB written (1002 B/s).", JobSummary.Render(restore));
    }

    [Fact]
    public void Frame_Restore_PercentOfBytesWritten()
    {
        var job = new Job
        {
            Id = "rg-job-8",
            Kind = JobKind.Restore,
            State = JobState.Running,
            EtaSeconds = 90,
            Statistics = new JobStatistics { FilesScanned = 4, FilesDone = 1, BytesScanned = 4096, BytesWritten = 1024 },
        };

        Assert.Equal(
            "restore running ███████░░░░░░░░░░░░░░░░░░░░░░░  25% ETA 1:30, 512 B/s, 1/4 files, 1.0 KiB/4.0 KiB written",
            ProgressFrame.Render(job, 512, 120, unicode: true));
        Assert.Equal(
            "restore running #######-----------------------  25% ETA 1:30, 512 B/s, 1/4 files, 1.0 KiB/4.0 KiB written",
            ProgressFrame.Render(job, 512, 120, unicode: false));
    }

    [Theory]
    [InlineData(79)]
    [InlineData(50)]
    [InlineData(30)]
    [InlineData(12)]
    public void Frame_NarrowTerminal_FitsAndKeepsWhatMattersFirst(int width)
    {
        var frame = ProgressFrame.Render(Sample().ElementAt(2), 4096, width, unicode: true);

        Assert.True(frame.Length <= width, $"{frame.Length} columns: {frame}");
        Assert.StartsWith(width >= 14 ? "backup running" : "backup run", frame, StringComparison.Ordinal);
        if (width >= 50)
        {
            Assert.Contains(" 50% ETA 0:08", frame, StringComparison.Ordinal);
        }
    }

    /// <summary>
    /// A backup as the controller streams it: queued, scanning (ETA unknown), halfway, nearly done, succeeded with a
    /// warning. Started at <see cref="Start"/>, finished 65 s later by the controller's clock.
    /// </summary>
    private static IEnumerable<Job> Sample()
    {
        var started = Timestamp.FromDateTimeOffset(Start);
        yield return new Job { Id = "rg-job-7", Kind = JobKind.Backup, State = JobState.Queued, AgentId = "ws-7" };
        yield return Running(new JobStatistics { FilesScanned = 3, BytesScanned = 12 * 1024 }, eta: 0);
        yield return Running(new JobStatistics { FilesScanned = 10, FilesDone = 5, BytesScanned = 40 * 1024, BytesNew = 32 * 1024, BytesUploaded = 16 * 1024 }, eta: 7.2);
        yield return Running(new JobStatistics { FilesScanned = 10, FilesDone = 10, BytesScanned = 40 * 1024, BytesNew = 32 * 1024, BytesUploaded = 24 * 1024 }, eta: 0.4);
        var done = Running(new JobStatistics { FilesScanned = 10, FilesDone = 10, BytesScanned = 40 * 1024, BytesNew = 32 * 1024, BytesUploaded = 32 * 1024 }, eta: 0);
        done.State = JobState.Succeeded;
        done.FinishedAt = Timestamp.FromDateTimeOffset(Start.AddSeconds(65));
        done.SnapshotName = "9f8e7d6c5b4a39281706";
        done.Warnings.Add(new JobWarning { Path = "home/ada/locked.pst", Code = "RG2101", Message = "permission denied" });
        yield return done;

        Job Running(JobStatistics statistics, double eta) =>
            new() { Id = "rg-job-7", Kind = JobKind.Backup, State = JobState.Running, AgentId = "ws-7", StartedAt = started, EtaSeconds = eta, Statistics = statistics };
    }
}
