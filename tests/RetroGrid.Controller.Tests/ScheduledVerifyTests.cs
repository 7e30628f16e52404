using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;
using RetroGrid.Contracts.V1;
using RetroGrid.Controller.Jobs;
using RetroGrid.Dropbox;
using RetroGrid.Testing;

namespace RetroGrid.Controller.Tests;

/// <summary>Verify as a job the controller runs: on request and on a schedule, in the job history, with its gauges.</summary>
public sealed class ScheduledVerifyTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task VerifySchedule_DueOnceTheIntervalPassedSinceTheLastVerify_SucceededVerifyJobWithStatistics()
    {
        await using var env = await Env.StartAsync(redirect: false, runScheduler: false);
        using var directory = new TempDirectory();
        using var meters = new ControllerMeterReader(env.Controller);
        var setId = await ScheduledRuns.BackedUpSetAsync(env, directory.Path);
        var admin = env.Controller.Admin();

        var asked = await ScheduledRuns.VerifyAsync(admin, setId, 100);
        var set = await admin.SetScheduleAsync(
            new SetScheduleRequest { Set = setId, KeepBackupSchedule = true, VerifySchedule = new VerifySchedule { IntervalSeconds = 24 * 3600, DataSharePercent = 100 } },
            cancellationToken: Ct);
        await ScheduledRuns.RunNothingDueAsync(env);
        env.Controller.Time.Advance(TimeSpan.FromHours(23));
        await ScheduledRuns.RunNothingDueAsync(env);
        env.Controller.Time.Advance(TimeSpan.FromHours(2));
        var scheduled = TestJobs.AssertSucceeded(await TestJobs.RunToEndAsync(admin, await ScheduledRuns.RunDueAsync(env, JobKind.Verify)));
        var gauges = (Problems: meters.ReadGauge("retrogrid.set.verify.problems"), Age: meters.ReadGauge("retrogrid.set.verify.age"));
        env.Controller.Time.Advance(TimeSpan.FromHours(1));
        var age = meters.ReadGauge("retrogrid.set.verify.age");

        Assert.Equal((24 * 3600, 100), (set.VerifySchedule.IntervalSeconds, set.VerifySchedule.DataSharePercent));
        var manual = TestJobs.AssertSucceeded(await ScheduledRuns.ListedAsync(admin, asked.JobId));
        Assert.Equal((JobKind.Verify, string.Empty), (manual.Kind, manual.AgentId));
        Assert.NotEqual(JobScheduler.StartedBy, manual.StartedBy);
        var listed = await ScheduledRuns.ListedAsync(admin, scheduled.Id);
        Assert.Equal((JobKind.Verify, JobState.Succeeded, string.Empty, "schedule"), (listed.Kind, listed.State, listed.AgentId, listed.StartedBy));
        Assert.Equal(scheduled.Statistics, listed.Statistics);
        Assert.Equal((2L, asked.Packs, asked.Packs, 0L), (listed.Statistics.SnapshotsChecked, listed.Statistics.PacksChecked, listed.Statistics.PacksRead, listed.Statistics.Problems));
        Assert.True(listed.Statistics.PacksChecked >= 4 && listed.Statistics.BytesRead > 0, listed.Statistics.ToString());
        Assert.Empty(listed.Warnings);
        Assert.Equal((0.0, 0.0), (gauges.Problems[setId], gauges.Age[setId]));
        Assert.Equal(3600.0, age[setId]);
    }

    [Fact]
    public async Task PackReplacedOnDropbox_NextScheduledVerifyFails_WithItsCodeAWarningNamingThePackAndTheProblemsGauge()
    {
        await using var env = await Env.StartAsync(redirect: false, runScheduler: false);
        using var directory = new TempDirectory();
        using var meters = new ControllerMeterReader(env.Controller);
        var setId = await ScheduledRuns.BackedUpSetAsync(env, directory.Path);
        var admin = env.Controller.Admin();
        var replaced = (await ScheduledRuns.VerifyAsync(admin, setId, 100)).PacksVerified[0];
        await admin.SetScheduleAsync(
            new SetScheduleRequest { Set = setId, KeepBackupSchedule = true, VerifySchedule = new VerifySchedule { IntervalSeconds = 6 * 3600, DataSharePercent = 10 } },
            cancellationToken: Ct);
        var clean = meters.ReadGauge("retrogrid.set.verify.problems");
        await ReplaceAsync(env, $"/RetroGrid/office/packs/{replaced[..2]}/{replaced}");

        env.Controller.Time.Advance(TimeSpan.FromHours(7));
        var failed = await TestJobs.RunToEndAsync(admin, await ScheduledRuns.RunDueAsync(env, JobKind.Verify));
        var problems = meters.ReadGauge("retrogrid.set.verify.problems");

        Assert.Equal(0.0, clean[setId]);
        Assert.Equal((JobState.Failed, "RG3043"), (failed.State, failed.Error.Code));
        Assert.Contains("rgctl set undelete", failed.Error.NextStep, StringComparison.Ordinal);
        Assert.Contains(failed.Warnings, w => w.Code == "content_hash" && w.Path.EndsWith($"{replaced[..2]}/{replaced}", StringComparison.Ordinal));
        Assert.Equal(failed.Warnings.Count, failed.Statistics.Problems);
        Assert.True(problems[setId] >= 1, $"problems gauge {problems[setId]}");
        Assert.Equal(failed.Statistics.Problems, (long)problems[setId]);
        var listed = await ScheduledRuns.ListedAsync(admin, failed.Id);
        Assert.Equal((JobKind.Verify, JobState.Failed, "RG3043"), (listed.Kind, listed.State, listed.Error.Code));
    }

    [Fact]
    public async Task VerifySet_OfAnUnlinkedSet_CallFailsAndTheJobFailsWithTheSameCode()
    {
        await using var env = await Env.StartAsync(redirect: false, runScheduler: false);
        var admin = env.Controller.Admin();
        var set = await admin.CreateSetAsync(new CreateSetRequest { Name = "office", RecoveryPassphrase = Env.Passphrase }, cancellationToken: Ct);

        var refused = await Assert.ThrowsAsync<RpcException>(() => ScheduledRuns.VerifyAsync(admin, set.Id, 10));

        Assert.Equal("RG3022", refused.Trailers.GetValue("retrogrid-error-code"));
        var job = Assert.Single((await admin.ListJobsAsync(new ListJobsRequest { Set = set.Id }, cancellationToken: Ct)).Jobs);
        Assert.Equal((JobKind.Verify, JobState.Failed, "RG3022", string.Empty), (job.Kind, job.State, job.Error.Code, job.AgentId));
        Assert.NotNull(job.FinishedAt);
    }

    [Fact]
    public async Task ScheduledVerify_Cancelled_EndsCancelled_AndTheNextRoundDoesNotStartAnotherWithinTheInterval()
    {
        await using var env = await Env.StartAsync(redirect: false, runScheduler: false);
        using var meters = new ControllerMeterReader(env.Controller);
        var setId = await env.CreateLinkedSetAsync("office");
        var admin = env.Controller.Admin();
        await admin.SetScheduleAsync(
            new SetScheduleRequest { Set = setId, KeepBackupSchedule = true, VerifySchedule = new VerifySchedule { IntervalSeconds = 3600 } }, cancellationToken: Ct);

        // The verify's listing waits in "Dropbox" until the cancel cuts it short.
        await env.Emulator.DelayAsync("files/list_folder", 60_000, 1);
        var running = await ScheduledRuns.RunDueAsync(env, JobKind.Verify);
        await admin.CancelJobAsync(new CancelJobRequest { JobId = running.Id }, cancellationToken: Ct);
        var cancelled = await TestJobs.RunToEndAsync(admin, running);
        await ScheduledRuns.RunNothingDueAsync(env);

        Assert.Equal(JobState.Running, running.State);
        Assert.Equal(JobState.Cancelled, cancelled.State);
        Assert.Contains(meters.Durations, d => (d.Kind, d.Outcome) == ("verify", "cancelled"));
        Assert.Empty(meters.ReadGauge("retrogrid.set.verify.age"));
    }

    [Fact]
    public async Task ControllerCrashesWhileItRunsAVerify_OnRestartTheJobIsFailedWithTheInterruptedCode_AgentsNeverSettleIt()
    {
        await using var env = await Env.StartAsync(redirect: false, runScheduler: false);
        var setId = await env.CreateLinkedSetAsync("office");
        var admin = env.Controller.Admin();
        using var agent = await ScriptedAgent.EnrollAsync(env.Controller, Ct);

        // A job recorded running whose run never ends: what a crash leaves in the catalog.
        var controllerJobs = env.Controller.Host.Services.GetRequiredService<ControllerJobs>();
        var orphan = await controllerJobs.BeginAsync(JobKind.Verify, setId, new VerifySetRequest { Set = setId }, JobScheduler.StartedBy, exclusive: true, Ct);
        await agent.ConnectAsync(Ct);
        var afterAgentHello = await ScheduledRuns.ListedAsync(admin, orphan!.Id);
        Assert.Null(await controllerJobs.BeginAsync(JobKind.Groom, setId, new GroomSetRequest { Set = setId }, JobScheduler.StartedBy, exclusive: true, Ct));

        await env.Controller.RestartAsync(Ct);
        var failed = await ScheduledRuns.ListedAsync(env.Controller.Admin(), orphan.Id);

        Assert.Equal(JobState.Running, afterAgentHello.State);
        Assert.Equal((JobState.Failed, "RG3044"), (failed.State, failed.Error.Code));
        Assert.NotNull(failed.FinishedAt);
    }

    /// <summary>Replaces a file on Dropbox behind the controller's back with zeros of the same size (another content hash).</summary>
    private static async Task ReplaceAsync(Env env, string path)
    {
        using var http = new HttpClient();
        var dropbox = new DropboxClient(http, new StaticDropboxTokenSource(Env.LegacyToken), new DropboxClientOptions { ApiBaseAddress = env.EmulatorHost.BaseAddress, ContentBaseAddress = env.EmulatorHost.BaseAddress });
        var size = ((DropboxFileMetadata)await dropbox.GetMetadataAsync(path, cancellationToken: Ct)).Size;
        await dropbox.DeleteAsync(path, cancellationToken: Ct);
        await dropbox.UploadFileAsync(new byte[size], new DropboxCommitInfo(path), Ct);
    }
}
