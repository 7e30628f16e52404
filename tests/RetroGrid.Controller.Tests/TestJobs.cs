using RetroGrid.Contracts.V1;
using RetroGrid.Testing;

namespace RetroGrid.Controller.Tests;

/// <summary>Following jobs to their end and comparing what they backed up and restored.</summary>
internal static class TestJobs
{
    public static async Task<Job> RunToEndAsync(AdminService.AdminServiceClient admin, Job job)
    {
        using var watch = admin.WatchJob(new WatchJobRequest { JobId = job.Id }, cancellationToken: TestContext.Current.CancellationToken);
        var last = job;
        while (await watch.ResponseStream.MoveNext(TestContext.Current.CancellationToken).DefaultTimeout())
        {
            last = watch.ResponseStream.Current;
        }

        return last;
    }

    /// <summary>The job succeeded; if not, the failure says why (its state, code and message).</summary>
    public static Job AssertSucceeded(Job job)
    {
        Assert.True(job.State == JobState.Succeeded, $"job {job.Id}: {job.State} {job.Error?.Code} {job.Error?.Message}");
        return job;
    }

    /// <summary>Everything a full verify (all data read) finds wrong with the set.</summary>
    public static async Task<List<VerifyProblem>> VerifyProblemsAsync(AdminService.AdminServiceClient admin, string setId)
    {
        using var verify = admin.VerifySet(new VerifySetRequest { Set = setId, DataSharePercent = 100 }, cancellationToken: TestContext.Current.CancellationToken);
        var last = new VerifyProgress();
        while (await verify.ResponseStream.MoveNext(TestContext.Current.CancellationToken).DefaultTimeout())
        {
            last = verify.ResponseStream.Current;
        }

        return [.. last.Problems];
    }

    public static async Task<Job> BackUpAsync(AdminService.AdminServiceClient admin, string setId, string agentId) =>
        AssertSucceeded(await RunToEndAsync(admin, await admin.StartBackupAsync(new StartBackupRequest { Set = setId, AgentId = agentId }, cancellationToken: TestContext.Current.CancellationToken)));

    /// <summary>Restores the agent's latest snapshot (or <paramref name="snapshot"/>) and compares it with <paramref name="source"/>.</summary>
    public static async Task AssertRestoresAsync(AdminService.AdminServiceClient admin, string setId, string agentId, string source, string target, string snapshot = "latest")
    {
        AssertSucceeded(await RunToEndAsync(admin, await admin.StartRestoreAsync(
            new StartRestoreRequest { Set = setId, AgentId = agentId, Snapshot = snapshot, Target = target }, cancellationToken: TestContext.Current.CancellationToken)));
        AssertSameFiles(source, Path.Join(target, Path.GetFileName(source)));
    }

    public static void AssertSameFiles(string expected, string actual)
    {
        var files = Directory.GetFiles(expected, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(expected, f)).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(files, Directory.GetFiles(actual, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(actual, f)).Order(StringComparer.Ordinal));
        foreach (var file in files)
        {
            Assert.Equal(File.ReadAllBytes(Path.Join(expected, file)), File.ReadAllBytes(Path.Join(actual, file)));
        }
    }
}
