using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using RetroGrid.Contracts.V1;
using RetroGrid.Controller.Jobs;

namespace RetroGrid.Controller.Tests;

/// <summary>Proactive backup on the controller's fake clock: who goes first, limits, offline agents, the window.</summary>
public sealed class ProactiveSchedulerTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task NeverBackedUpFirst_ThenMostOverdue_OneAtATime_OfflineAgentsWaitWithoutJobs()
    {
        await using var env = await Env.StartAsync(redirect: false, runScheduler: false);
        var admin = env.Controller.Admin();
        var setId = await env.CreateLinkedSetAsync("laptops");
        var (a, b, c, d) = (await AgentAsync(env, setId), await AgentAsync(env, setId), await AgentAsync(env, setId), await AgentAsync(env, setId));
        using (a)
        using (b)
        using (c)
        using (d)
        {
            foreach (var online in new[] { a, b, d })
            {
                await online.ConnectAsync(Ct);
            }

            // a's last good backup is older than b's; d has none; c has none but is offline.
            await BackUpAsync(admin, a, setId);
            env.Controller.Time.Advance(TimeSpan.FromHours(1));
            await BackUpAsync(admin, b, setId);
            env.Controller.Time.Advance(TimeSpan.FromHours(13));
            var now = env.Controller.Time.GetUtcNow();
            await admin.SetScheduleAsync(new SetScheduleRequest { Set = setId, Schedule = Proactive(now.AddHours(-1), now.AddHours(2), maxConcurrent: 1) }, cancellationToken: Ct);
            var scheduler = env.Controller.Host.Services.GetRequiredService<JobScheduler>();

            Assert.Equal([d.Id], await RoundAsync(scheduler, admin, setId, a, b, d));
            Assert.Equal([a.Id], await RoundAsync(scheduler, admin, setId, a, b, d));
            Assert.Equal([b.Id], await RoundAsync(scheduler, admin, setId, a, b, d));
            Assert.Empty(await RoundAsync(scheduler, admin, setId, a, b, d));
            Assert.DoesNotContain((await admin.ListJobsAsync(new ListJobsRequest(), cancellationToken: Ct)).Jobs, j => j.AgentId == c.Id);

            var shown = await admin.GetSetAsync(new GetSetRequest { Set = setId }, cancellationToken: Ct);
            Assert.Equal((43200, 1), (shown.Schedule.Proactive.IntervalSeconds, shown.Schedule.Proactive.MaxConcurrent));

            // c, never backed up (offline), is overdue once the set is older than twice the interval (24 h); the others,
            // backed up just now, are not.
            Assert.Equal(0, (await admin.GetStatusAsync(new GetStatusRequest(), cancellationToken: Ct)).AgentsOverdue);
            env.Controller.Time.Advance(TimeSpan.FromHours(11));
            Assert.Equal(1, (await admin.GetStatusAsync(new GetStatusRequest(), cancellationToken: Ct)).AgentsOverdue);
        }
    }

    [Fact]
    public async Task OutsideTheWindow_NothingIsDispatched_InsideIt_Everything()
    {
        await using var env = await Env.StartAsync(redirect: false, runScheduler: false);
        var admin = env.Controller.Admin();
        var setId = await env.CreateLinkedSetAsync("laptops");
        using var agent = await AgentAsync(env, setId);
        await agent.ConnectAsync(Ct);
        var now = env.Controller.Time.GetUtcNow();
        await admin.SetScheduleAsync(new SetScheduleRequest { Set = setId, Schedule = Proactive(now.AddHours(3), now.AddHours(4), maxConcurrent: 0) }, cancellationToken: Ct);
        var scheduler = env.Controller.Host.Services.GetRequiredService<JobScheduler>();

        Assert.Equal(0, await scheduler.RunDueAsync(Ct));
        env.Controller.Time.Advance(TimeSpan.FromHours(3));
        Assert.Equal(1, await scheduler.RunDueAsync(Ct));
        Assert.Equal(("proactive", JobState.Running), ((await NextStartAsync(agent)).Backup.Tags[0], Assert.Single((await admin.ListJobsAsync(new ListJobsRequest(), cancellationToken: Ct)).Jobs).State));
    }

    [Fact]
    public async Task BackupNow_FromTheWorkstation_QueuedOnce_ThenReportedAsWaiting()
    {
        await using var env = await Env.StartAsync(redirect: false, runScheduler: false);
        using var directory = new RetroGrid.Testing.TempDirectory();
        var admin = env.Controller.Admin();
        var setId = await env.CreateLinkedSetAsync("laptops");
        var token = await admin.CreateEnrollmentTokenAsync(new CreateEnrollmentTokenRequest(), cancellationToken: Ct);
        var state = Path.Join(directory.Path, "agent");
        var agent = await RetroGrid.Agent.Service.AgentEnrollment.EnrollAsync(
            new RetroGrid.Agent.Service.AgentStateDirectory(state), env.Controller.Host.BaseAddress, token.Token, token.CaSha256, "1.0.0", Ct);

        var unassigned = await BackupNowAsync(state);
        await admin.AssignAgentAsync(new AssignAgentRequest { Set = setId, Assignment = new Assignment { AgentId = agent.AgentId, Paths = { "/home" } } }, cancellationToken: Ct);
        var first = await BackupNowAsync(state);
        var second = await BackupNowAsync(state);
        var wrongSet = await BackupNowAsync(state, "--set", "nope");

        Assert.Equal(1, unassigned.ExitCode);
        Assert.Contains("not assigned to any backup set", unassigned.Out, StringComparison.Ordinal);
        Assert.True(first.ExitCode == 0, first.Out + first.Error);
        Assert.Contains("Backup into laptops queued", first.Out, StringComparison.Ordinal);
        Assert.Contains("already waiting or running", second.Out, StringComparison.Ordinal);
        Assert.NotEqual(0, wrongSet.ExitCode);
        Assert.Contains("RG3023", wrongSet.Error, StringComparison.Ordinal);
        var job = Assert.Single((await admin.ListJobsAsync(new ListJobsRequest(), cancellationToken: Ct)).Jobs);
        Assert.Equal(($"agent:{agent.AgentId}", JobState.Queued), (job.StartedBy, job.State));
    }

    [Fact]
    public async Task BadWindowOrInterval_Refused()
    {
        await using var env = await Env.StartAsync(redirect: false, runScheduler: false);
        var admin = env.Controller.Admin();
        await env.CreateLinkedSetAsync("laptops");

        var window = await Assert.ThrowsAsync<Grpc.Core.RpcException>(() => admin.SetScheduleAsync(new SetScheduleRequest
        {
            Set = "laptops",
            Schedule = new Schedule { Proactive = new ProactiveSchedule { IntervalSeconds = 3600, WindowStart = "25:00", WindowEnd = "06:00" } },
        }, cancellationToken: Ct).ResponseAsync);
        var interval = await Assert.ThrowsAsync<Grpc.Core.RpcException>(() => admin.SetScheduleAsync(new SetScheduleRequest
        {
            Set = "laptops",
            Schedule = new Schedule { Proactive = new ProactiveSchedule { IntervalSeconds = 5 } },
        }, cancellationToken: Ct).ResponseAsync);

        Assert.Equal((Grpc.Core.StatusCode.InvalidArgument, Grpc.Core.StatusCode.InvalidArgument), (window.StatusCode, interval.StatusCode));
    }

    private static async Task<(int ExitCode, string Out, string Error)> BackupNowAsync(string state, params string[] more)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var console = new RetroGrid.Agent.Cli.CliConsole { Out = stdout, Error = stderr, GetEnvironmentVariable = _ => null };
        var exitCode = await RetroGrid.Agent.Cli.CliApplication.RunAsync(["backup-now", "--state-dir", state, .. more], console, Ct);
        return (exitCode, stdout.ToString(), stderr.ToString());
    }

    private static Schedule Proactive(DateTimeOffset from, DateTimeOffset to, int maxConcurrent) => new()
    {
        Proactive = new ProactiveSchedule
        {
            IntervalSeconds = 12 * 3600,
            WindowStart = from.UtcDateTime.ToString("HH:mm", CultureInfo.InvariantCulture),
            WindowEnd = to.UtcDateTime.ToString("HH:mm", CultureInfo.InvariantCulture),
            MaxConcurrent = maxConcurrent,
        },
    };

    private static async Task<ScriptedAgent> AgentAsync(Env env, string setId)
    {
        var agent = await ScriptedAgent.EnrollAsync(env.Controller, Ct);
        await env.Controller.Admin().AssignAgentAsync(new AssignAgentRequest { Set = setId, Assignment = new Assignment { AgentId = agent.Id, Paths = { "/home" } } }, cancellationToken: Ct);
        return agent;
    }

    /// <summary>A backup the agent reports as succeeded: its last good backup is now.</summary>
    private static async Task BackUpAsync(AdminService.AdminServiceClient admin, ScriptedAgent agent, string setId)
    {
        var job = await admin.StartBackupAsync(new StartBackupRequest { Set = setId, AgentId = agent.Id }, cancellationToken: Ct);
        await FinishAsync(admin, agent, job);
    }

    private static async Task FinishAsync(AdminService.AdminServiceClient admin, ScriptedAgent agent, Job job)
    {
        Assert.Equal(job.Id, (await NextStartAsync(agent)).JobId);
        await agent.SendAsync(new AgentMessage { Outcome = new JobOutcome { JobId = job.Id, State = JobState.Succeeded, SnapshotName = job.Id.Replace("job-", string.Empty, StringComparison.Ordinal) } }, Ct);
        TestJobs.AssertSucceeded(await TestJobs.RunToEndAsync(admin, job));
    }

    /// <summary>The next job sent down the agent's stream (acknowledgements of earlier outcomes are passed over).</summary>
    private static async Task<StartJob> NextStartAsync(ScriptedAgent agent)
    {
        while (true)
        {
            if ((await agent.NextAsync(Ct)).StartJob is { } start)
            {
                return start;
            }
        }
    }

    /// <summary>One scheduling round: the agents it dispatched to, whose backups then succeed.</summary>
    private static async Task<List<string>> RoundAsync(JobScheduler scheduler, AdminService.AdminServiceClient admin, string setId, params ScriptedAgent[] agents)
    {
        await scheduler.RunDueAsync(Ct);
        var dispatched = (await admin.ListJobsAsync(new ListJobsRequest { Set = setId }, cancellationToken: Ct)).Jobs.Where(j => j.State == JobState.Running).ToList();
        foreach (var job in dispatched)
        {
            await FinishAsync(admin, agents.Single(a => a.Id == job.AgentId), job);
        }

        return [.. dispatched.Select(j => j.AgentId)];
    }
}
