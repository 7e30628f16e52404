using Microsoft.Extensions.DependencyInjection;
using RetroGrid.Contracts.V1;
using RetroGrid.Controller.Jobs;

namespace RetroGrid.Controller.Tests;

/// <summary>Scheduled backups on the controller's fake clock: due, not twice while one is pending, again after the interval.</summary>
public sealed class SchedulerTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Interval_QueuesOncePerInterval_AndNeverTwiceWhileOneWaits()
    {
        await using var env = await Env.StartAsync(redirect: false, runScheduler: false);
        using var agent = await ScriptedAgent.EnrollAsync(env.Controller, Ct);
        var admin = env.Controller.Admin();
        var setId = await env.CreateLinkedSetAsync("laptops");
        await admin.AssignAgentAsync(new AssignAgentRequest { Set = setId, Assignment = new Assignment { AgentId = agent.Id, Paths = { "/home" } } }, cancellationToken: Ct);
        var set = await admin.SetScheduleAsync(new SetScheduleRequest { Set = setId, Schedule = new Schedule { IntervalSeconds = 3600 } }, cancellationToken: Ct);
        Assert.Equal(3600, set.Schedule.IntervalSeconds);
        var scheduler = env.Controller.Host.Services.GetRequiredService<JobScheduler>();

        Assert.Equal(1, await scheduler.RunDueAsync(Ct));
        Assert.Equal(0, await scheduler.RunDueAsync(Ct));
        var queued = Assert.Single((await admin.ListJobsAsync(new ListJobsRequest(), cancellationToken: Ct)).Jobs);
        Assert.Equal(("schedule", JobState.Queued), (queued.StartedBy, queued.State));

        await admin.CancelJobAsync(new CancelJobRequest { JobId = queued.Id }, cancellationToken: Ct);
        Assert.Equal(0, await scheduler.RunDueAsync(Ct));
        env.Controller.Time.Advance(TimeSpan.FromMinutes(61));
        Assert.Equal(1, await scheduler.RunDueAsync(Ct));
        Assert.Equal(0, (await admin.GetStatusAsync(new GetStatusRequest(), cancellationToken: Ct)).AgentsOverdue);
        env.Controller.Time.Advance(TimeSpan.FromHours(2));
        Assert.Equal(1, (await admin.GetStatusAsync(new GetStatusRequest(), cancellationToken: Ct)).AgentsOverdue);
    }

    [Fact]
    public async Task Cron_QueuesAtTheNextTimeAfterTheLastBackup()
    {
        await using var env = await Env.StartAsync(redirect: false, runScheduler: false);
        using var agent = await ScriptedAgent.EnrollAsync(env.Controller, Ct);
        var admin = env.Controller.Admin();
        var setId = await env.CreateLinkedSetAsync("laptops");
        await admin.AssignAgentAsync(new AssignAgentRequest { Set = setId, Assignment = new Assignment { AgentId = agent.Id, Paths = { "/home" } } }, cancellationToken: Ct);
        var now = env.Controller.Time.GetUtcNow();
        var minute = (now.Minute + 2) % 60;
        await admin.SetScheduleAsync(new SetScheduleRequest { Set = setId, Schedule = new Schedule { Cron = $"{minute} * * * *" } }, cancellationToken: Ct);
        var scheduler = env.Controller.Host.Services.GetRequiredService<JobScheduler>();

        Assert.Equal(0, await scheduler.RunDueAsync(Ct));
        env.Controller.Time.Advance(TimeSpan.FromMinutes(3));
        Assert.Equal(1, await scheduler.RunDueAsync(Ct));
    }

    [Fact]
    public async Task SetSchedule_BadCronOrShortInterval_Refused()
    {
        await using var env = await Env.StartAsync(redirect: false);
        var admin = env.Controller.Admin();
        await admin.CreateSetAsync(new CreateSetRequest { Name = "laptops", RecoveryPassphrase = Env.Passphrase }, cancellationToken: Ct);

        var cron = await Assert.ThrowsAsync<Grpc.Core.RpcException>(() => admin.SetScheduleAsync(new SetScheduleRequest { Set = "laptops", Schedule = new Schedule { Cron = "61 * * * *" } }, cancellationToken: Ct).ResponseAsync);
        var interval = await Assert.ThrowsAsync<Grpc.Core.RpcException>(() => admin.SetScheduleAsync(new SetScheduleRequest { Set = "laptops", Schedule = new Schedule { IntervalSeconds = 10 } }, cancellationToken: Ct).ResponseAsync);

        Assert.Equal(Grpc.Core.StatusCode.InvalidArgument, cron.StatusCode);
        Assert.Contains("minute", cron.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(Grpc.Core.StatusCode.InvalidArgument, interval.StatusCode);
    }
}
