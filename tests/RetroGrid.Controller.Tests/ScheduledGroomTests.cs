using Grpc.Core;
using RetroGrid.Contracts.V1;
using RetroGrid.Testing;

namespace RetroGrid.Controller.Tests;

/// <summary>Grooming as a job the controller runs: on a schedule and on request; a dry run is not a job.</summary>
public sealed class ScheduledGroomTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task GroomSchedule_WithRetentionAndPrune_ForgetsSnapshotsAndPrunes_SucceededGroomJobWithStatistics()
    {
        await using var env = await Env.StartAsync(redirect: false, runScheduler: false);
        using var directory = new TempDirectory();
        var setId = await ScheduledRuns.BackedUpSetAsync(env, directory.Path, backups: 3);
        var admin = env.Controller.Admin();
        await admin.SetRetentionAsync(new SetRetentionRequest { Set = setId, Policy = new RetentionPolicy { KeepLast = 1 } }, cancellationToken: Ct);
        var before = await admin.GetSetAsync(new GetSetRequest { Set = setId }, cancellationToken: Ct);
        var set = await admin.SetScheduleAsync(
            new SetScheduleRequest { Set = setId, KeepBackupSchedule = true, GroomSchedule = new GroomSchedule { IntervalSeconds = 24 * 3600, Prune = true } },
            cancellationToken: Ct);

        var groomed = TestJobs.AssertSucceeded(await TestJobs.RunToEndAsync(admin, await ScheduledRuns.RunDueAsync(env, JobKind.Groom)));
        await ScheduledRuns.RunNothingDueAsync(env);
        var after = await admin.GetSetAsync(new GetSetRequest { Set = setId }, cancellationToken: Ct);

        Assert.Equal((24 * 3600, true), (set.GroomSchedule.IntervalSeconds, set.GroomSchedule.Prune));
        Assert.Equal((2L, 1L), (groomed.Statistics.SnapshotsForgotten, after.SnapshotCount));
        Assert.True(groomed.Statistics.PacksDeleted >= 2, groomed.Statistics.ToString());
        Assert.Equal(before.StoredBytes - groomed.Statistics.BytesReclaimed, after.StoredBytes);
        var listed = await ScheduledRuns.ListedAsync(admin, groomed.Id);
        Assert.Equal((JobKind.Groom, JobState.Succeeded, string.Empty, "schedule"), (listed.Kind, listed.State, listed.AgentId, listed.StartedBy));
        Assert.Empty((await ScheduledRuns.VerifyAsync(admin, setId, 100)).Problems);
    }

    [Fact]
    public async Task GroomSet_IsAGroomJobWhoseIdComesBack_ADryRunIsNot_NotDueAgainWithinTheInterval()
    {
        await using var env = await Env.StartAsync(redirect: false, runScheduler: false);
        using var directory = new TempDirectory();
        var setId = await ScheduledRuns.BackedUpSetAsync(env, directory.Path, backups: 2);
        var admin = env.Controller.Admin();
        await admin.SetRetentionAsync(new SetRetentionRequest { Set = setId, Policy = new RetentionPolicy { KeepLast = 1 } }, cancellationToken: Ct);

        var dryRun = await admin.GroomSetAsync(new GroomSetRequest { Set = setId, DryRun = true }, cancellationToken: Ct);
        var jobsAfterDryRun = (await admin.ListJobsAsync(new ListJobsRequest { Set = setId }, cancellationToken: Ct)).Jobs;
        var groomed = await admin.GroomSetAsync(new GroomSetRequest { Set = setId }, cancellationToken: Ct);
        await admin.SetScheduleAsync(
            new SetScheduleRequest { Set = setId, KeepBackupSchedule = true, GroomSchedule = new GroomSchedule { IntervalSeconds = 3600 } }, cancellationToken: Ct);
        await ScheduledRuns.RunNothingDueAsync(env);

        Assert.Equal(string.Empty, dryRun.JobId);
        Assert.DoesNotContain(jobsAfterDryRun, j => j.Kind == JobKind.Groom);
        var job = TestJobs.AssertSucceeded(await ScheduledRuns.ListedAsync(admin, groomed.JobId));
        Assert.Equal((JobKind.Groom, 1L, string.Empty), (job.Kind, job.Statistics.SnapshotsForgotten, job.AgentId));
        Assert.Equal(1, groomed.Forgotten);
        Assert.NotEqual("schedule", job.StartedBy);
    }

    [Fact]
    public async Task GroomSet_Fails_CallFailsAsBeforeAndTheJobFailsWithTheSameCode()
    {
        await using var env = await Env.StartAsync(redirect: false, runScheduler: false);
        var admin = env.Controller.Admin();
        var set = await admin.CreateSetAsync(new CreateSetRequest { Name = "office", RecoveryPassphrase = Env.Passphrase }, cancellationToken: Ct);

        var refused = await Assert.ThrowsAsync<RpcException>(() => admin.GroomSetAsync(new GroomSetRequest { Set = set.Id, Prune = true }, cancellationToken: Ct).ResponseAsync);

        var code = refused.Trailers.GetValue("retrogrid-error-code");
        Assert.Equal("RG3022", code);
        var job = Assert.Single((await admin.ListJobsAsync(new ListJobsRequest { Set = set.Id }, cancellationToken: Ct)).Jobs);
        Assert.Equal((JobKind.Groom, JobState.Failed, code), (job.Kind, job.State, job.Error.Code));
    }
}
