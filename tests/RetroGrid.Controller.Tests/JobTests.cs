using Grpc.Core;
using RetroGrid.Contracts.V1;
using RetroGrid.Testing;

namespace RetroGrid.Controller.Tests;

/// <summary>Jobs from queue to outcome over a real Connect stream.</summary>
public sealed class JobTests
{
    private const string Passphrase = Env.Passphrase;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task StartBackup_AgentNotAssigned_RefusedWithCode()
    {
        await using var controller = await ControllerFixture.StartAsync(Ct);
        using var agent = await ScriptedAgent.EnrollAsync(controller, Ct);
        await controller.Admin().CreateSetAsync(new CreateSetRequest { Name = "laptops", RecoveryPassphrase = Passphrase }, cancellationToken: Ct);

        var refused = await Assert.ThrowsAsync<RpcException>(() => controller.Admin().StartBackupAsync(new StartBackupRequest { Set = "laptops", AgentId = agent.Id }, cancellationToken: Ct).ResponseAsync);

        Assert.Equal((StatusCode.FailedPrecondition, "RG3031"), (refused.StatusCode, refused.Trailers.GetValue("retrogrid-error-code")));
    }

    [Fact]
    public async Task Backup_QueuedWhileOffline_SentOnConnect_ProgressThenOutcomeRecorded()
    {
        await using var controller = await ControllerFixture.StartAsync(Ct);
        using var agent = await ScriptedAgent.EnrollAsync(controller, Ct);
        var admin = controller.Admin();
        await AssignAsync(admin, agent.Id);

        var queued = await admin.StartBackupAsync(new StartBackupRequest { Set = "laptops", AgentId = agent.Id, Tags = { "nightly" } }, cancellationToken: Ct);
        Assert.Equal(JobState.Queued, queued.State);
        using var watch = admin.WatchJob(new WatchJobRequest { JobId = queued.Id }, cancellationToken: Ct);
        Assert.True(await watch.ResponseStream.MoveNext(Ct).DefaultTimeout());
        await agent.ConnectAsync(Ct);

        var start = (await agent.NextAsync(Ct)).StartJob;
        Assert.Equal(queued.Id, start.JobId);
        Assert.Equal(["/home/ada", "/etc"], start.Backup.Paths);
        Assert.Equal(["*.tmp"], start.Backup.Excludes);
        Assert.Equal(["nightly"], start.Backup.Tags);
        Assert.Equal(JobState.Running, await NextStateAsync(watch));
        await agent.SendAsync(new AgentMessage { Progress = new JobProgress { JobId = queued.Id, Statistics = new JobStatistics { FilesScanned = 10, BytesScanned = 4096 } } }, Ct);
        var progressed = await NextAsync(watch);
        Assert.Equal(10, progressed.Statistics.FilesScanned);

        await agent.SendAsync(new AgentMessage { Outcome = new JobOutcome { JobId = queued.Id, State = JobState.Succeeded, SnapshotName = "0a1b2c", Statistics = new JobStatistics { FilesScanned = 12 } } }, Ct);

        Assert.Equal(queued.Id, (await agent.NextAsync(Ct)).OutcomeAcknowledged.JobId);
        var finished = await NextAsync(watch);
        Assert.Equal((JobState.Succeeded, "0a1b2c", 12L), (finished.State, finished.SnapshotName, finished.Statistics.FilesScanned));
        Assert.False(await watch.ResponseStream.MoveNext(Ct).DefaultTimeout());
        Assert.Equal(JobState.Succeeded, Assert.Single((await admin.ListJobsAsync(new ListJobsRequest { Set = "laptops" }, cancellationToken: Ct)).Jobs).State);
    }

    [Fact]
    public async Task Cancel_QueuedEndsAtOnce_RunningIsAskedAndEndsWithTheAgentsOutcome()
    {
        await using var controller = await ControllerFixture.StartAsync(Ct);
        using var agent = await ScriptedAgent.EnrollAsync(controller, Ct);
        var admin = controller.Admin();
        await AssignAsync(admin, agent.Id);
        var queued = await admin.StartBackupAsync(new StartBackupRequest { Set = "laptops", AgentId = agent.Id }, cancellationToken: Ct);

        Assert.Equal(JobState.Cancelled, (await admin.CancelJobAsync(new CancelJobRequest { JobId = queued.Id }, cancellationToken: Ct)).State);

        await agent.ConnectAsync(Ct);
        var running = await admin.StartBackupAsync(new StartBackupRequest { Set = "laptops", AgentId = agent.Id }, cancellationToken: Ct);
        Assert.Equal(running.Id, (await agent.NextAsync(Ct)).StartJob.JobId);
        Assert.Equal(JobState.Running, (await admin.CancelJobAsync(new CancelJobRequest { JobId = running.Id }, cancellationToken: Ct)).State);
        Assert.Equal(running.Id, (await agent.NextAsync(Ct)).CancelJob.JobId);
        await agent.SendAsync(new AgentMessage { Outcome = new JobOutcome { JobId = running.Id, State = JobState.Cancelled } }, Ct);
        Assert.Equal(running.Id, (await agent.NextAsync(Ct)).OutcomeAcknowledged.JobId);

        var jobs = (await admin.ListJobsAsync(new ListJobsRequest(), cancellationToken: Ct)).Jobs;
        Assert.All(jobs, j => Assert.Equal(JobState.Cancelled, j.State));
    }

    [Fact]
    public async Task Reconnect_WithoutTheRunningJob_JobFailsAsLostWithTheAgent()
    {
        await using var controller = await ControllerFixture.StartAsync(Ct);
        using var agent = await ScriptedAgent.EnrollAsync(controller, Ct);
        var admin = controller.Admin();
        await AssignAsync(admin, agent.Id);
        await agent.ConnectAsync(Ct);
        var job = await admin.StartBackupAsync(new StartBackupRequest { Set = "laptops", AgentId = agent.Id }, cancellationToken: Ct);
        Assert.Equal(job.Id, (await agent.NextAsync(Ct)).StartJob.JobId);

        await agent.ConnectAsync(Ct);

        var failed = await admin.ListJobsAsync(new ListJobsRequest(), cancellationToken: Ct);
        var lost = Assert.Single(failed.Jobs);
        Assert.Equal((JobState.Failed, "RG3030"), (lost.State, lost.Error.Code));
    }

    [Fact]
    public async Task Reconnect_StillRunningTheJob_JobKeepsRunning()
    {
        await using var controller = await ControllerFixture.StartAsync(Ct);
        using var agent = await ScriptedAgent.EnrollAsync(controller, Ct);
        var admin = controller.Admin();
        await AssignAsync(admin, agent.Id);
        await agent.ConnectAsync(Ct);
        var job = await admin.StartBackupAsync(new StartBackupRequest { Set = "laptops", AgentId = agent.Id }, cancellationToken: Ct);
        Assert.Equal(job.Id, (await agent.NextAsync(Ct)).StartJob.JobId);

        await agent.ConnectAsync(Ct, job.Id);

        Assert.Equal(JobState.Running, Assert.Single((await admin.ListJobsAsync(new ListJobsRequest(), cancellationToken: Ct)).Jobs).State);
    }

    private static async Task AssignAsync(AdminService.AdminServiceClient admin, string agentId)
    {
        await admin.CreateSetAsync(new CreateSetRequest { Name = "laptops", RecoveryPassphrase = Passphrase }, cancellationToken: Ct);
        var set = await admin.AssignAgentAsync(
            new AssignAgentRequest { Set = "laptops", Assignment = new Assignment { AgentId = agentId, Paths = { "/home/ada", "/etc" }, Excludes = { "*.tmp" } } },
            cancellationToken: Ct);
        Assert.Equal(agentId, Assert.Single(set.Assignments).AgentId);
    }

    private static async Task<Job> NextAsync(AsyncServerStreamingCall<Job> watch)
    {
        Assert.True(await watch.ResponseStream.MoveNext(Ct).DefaultTimeout(), "the watch ended early");
        return watch.ResponseStream.Current;
    }

    private static async Task<JobState> NextStateAsync(AsyncServerStreamingCall<Job> watch) => (await NextAsync(watch)).State;
}
