using RetroGrid.Contracts.V1;
using RetroGrid.Testing;

namespace RetroGrid.Controller.Tests;

/// <summary>The controller's job metrics: the duration of every job that ends, by kind and outcome.</summary>
public sealed class ControllerJobMetricsTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task BackupByARealAgent_Succeeds_DurationRecordedAsBackupSucceeded()
    {
        await using var env = await Env.StartAsync(redirect: false, runScheduler: false);
        using var directory = new TempDirectory();
        var setId = await env.CreateLinkedSetAsync("office");
        var source = Directory.CreateDirectory(Path.Join(directory.Path, "source")).FullName;
        await File.WriteAllTextAsync(Path.Join(source, "note.txt"), "measured", Ct);
        var admin = env.Controller.Admin();
        await using var agent = await RealAgent.StartAsync(env.Controller, setId, Path.Join(directory.Path, "agent"), source, Ct);
        using var meters = new ControllerMeterReader(env.Controller);

        var job = TestJobs.AssertSucceeded(await TestJobs.RunToEndAsync(admin, await admin.StartBackupAsync(new StartBackupRequest { Set = setId, AgentId = agent.Id }, cancellationToken: Ct)));

        var duration = Assert.Single(meters.Durations);
        Assert.Equal(("backup", "succeeded"), (duration.Kind, duration.Outcome));
        Assert.Equal((job.FinishedAt.ToDateTimeOffset() - job.StartedAt.ToDateTimeOffset()).TotalSeconds, duration.Seconds);
        Assert.Equal(["retrogrid.job.kind", "retrogrid.job.outcome"], duration.Attributes.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task QueuedBackupCancelled_DurationFromQueuedToCancelled_VerifyAndGroomRecordedToo()
    {
        await using var env = await Env.StartAsync(redirect: false, runScheduler: false);
        var setId = await env.CreateLinkedSetAsync("office");
        var admin = env.Controller.Admin();
        using var offline = await ScriptedAgent.EnrollAsync(env.Controller, Ct);
        await admin.AssignAgentAsync(new AssignAgentRequest { Set = setId, Assignment = new Assignment { AgentId = offline.Id, Paths = { "/home" } } }, cancellationToken: Ct);
        using var meters = new ControllerMeterReader(env.Controller);

        var queued = await admin.StartBackupAsync(new StartBackupRequest { Set = setId, AgentId = offline.Id }, cancellationToken: Ct);
        env.Controller.Time.Advance(TimeSpan.FromSeconds(90));
        await admin.CancelJobAsync(new CancelJobRequest { JobId = queued.Id }, cancellationToken: Ct);
        var verified = await ScheduledRuns.VerifyAsync(admin, setId, 100);
        var groomed = await admin.GroomSetAsync(new GroomSetRequest { Set = setId }, cancellationToken: Ct);

        Assert.Equal(JobState.Queued, queued.State);
        Assert.Equal(
            [("backup", "cancelled", 90.0), ("verify", "succeeded", 0.0), ("groom", "succeeded", 0.0)],
            meters.Durations.Select(d => (d.Kind, d.Outcome, d.Seconds)));
        Assert.Empty(verified.Problems);
        Assert.NotEqual(string.Empty, groomed.JobId);
        Assert.Equal([setId], meters.ReadGauge("retrogrid.set.verify.problems").Keys);
    }
}
