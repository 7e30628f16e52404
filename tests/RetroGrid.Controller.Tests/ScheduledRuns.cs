using Microsoft.Extensions.DependencyInjection;
using RetroGrid.Contracts.V1;
using RetroGrid.Controller.Jobs;
using RetroGrid.Testing;

namespace RetroGrid.Controller.Tests;

/// <summary>What the verify and groom job tests share: a set with backups in it, one scheduling round, a verify call.</summary>
internal static class ScheduledRuns
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>
    /// A linked set "office" with <paramref name="backups"/> snapshots, each of its own file only (so each has packs of
    /// its own), ten minutes apart on the controller's clock; the agent is stopped afterwards.
    /// </summary>
    public static async Task<string> BackedUpSetAsync(Env env, string root, int backups = 2)
    {
        var setId = await env.CreateLinkedSetAsync("office");
        var source = Path.Join(root, "source");
        Directory.CreateDirectory(source);
        var admin = env.Controller.Admin();
        await using var agent = await RealAgent.StartAsync(env.Controller, setId, Path.Join(root, "agent"), source, Ct);
        for (var i = 0; i < backups; i++)
        {
            foreach (var old in Directory.GetFiles(source))
            {
                File.Delete(old);
            }

            var bytes = new byte[60_000];
            new Random(20 + i).NextBytes(bytes);
            File.WriteAllBytes(Path.Join(source, $"v{i}.bin"), bytes);
            TestJobs.AssertSucceeded(await TestJobs.RunToEndAsync(admin, await admin.StartBackupAsync(new StartBackupRequest { Set = setId, AgentId = agent.Id }, cancellationToken: Ct)));
            env.Controller.Time.Advance(TimeSpan.FromMinutes(10));
        }

        return setId;
    }

    /// <summary>One scheduling round, which must start exactly one job the controller runs, of <paramref name="kind"/>: that job.</summary>
    public static async Task<Job> RunDueAsync(Env env, JobKind kind)
    {
        var admin = env.Controller.Admin();
        var before = (await admin.ListJobsAsync(new ListJobsRequest(), cancellationToken: Ct)).Jobs.Select(j => j.Id).ToHashSet();

        Assert.Equal(1, await env.Controller.Host.Services.GetRequiredService<JobScheduler>().RunDueAsync(Ct));

        var started = Assert.Single((await admin.ListJobsAsync(new ListJobsRequest(), cancellationToken: Ct)).Jobs, j => !before.Contains(j.Id));
        Assert.Equal((kind, string.Empty, JobScheduler.StartedBy), (started.Kind, started.AgentId, started.StartedBy));
        return started;
    }

    /// <summary>A scheduling round that starts nothing.</summary>
    public static async Task RunNothingDueAsync(Env env) =>
        Assert.Equal(0, await env.Controller.Host.Services.GetRequiredService<JobScheduler>().RunDueAsync(Ct));

    /// <summary>VerifySet to its end: the last message.</summary>
    public static async Task<VerifyProgress> VerifyAsync(AdminService.AdminServiceClient admin, string setId, int share)
    {
        using var call = admin.VerifySet(new VerifySetRequest { Set = setId, DataSharePercent = share }, cancellationToken: Ct);
        var last = new VerifyProgress();
        while (await call.ResponseStream.MoveNext(Ct).DefaultTimeout())
        {
            last = call.ResponseStream.Current;
        }

        Assert.True(last.Finished, "the verify's last message is its result");
        return last;
    }

    /// <summary>The one job with this id in ListJobs (the history, not WatchJob).</summary>
    public static async Task<Job> ListedAsync(AdminService.AdminServiceClient admin, string jobId) =>
        Assert.Single((await admin.ListJobsAsync(new ListJobsRequest { Limit = 1000 }, cancellationToken: Ct)).Jobs, j => j.Id == jobId);
}
