using RetroGrid.Contracts.V1;
using RetroGrid.Testing;

namespace RetroGrid.Controller.Tests;

/// <summary>
/// Dedup and commits across a fleet: real agents back up through the controller, which answers "which blobs are
/// missing?" for the whole set and commits every agent's packs in merged <c>finish_batch_v2</c> calls.
/// </summary>
public sealed class FleetDedupTests
{
    private const string FinishBatch = "files/upload_session/finish_batch_v2";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task SecondAgentWithTheSameFiles_UploadsAlmostNothing_AndBothSnapshotsRestore()
    {
        await using var env = await Env.StartAsync(redirect: false);
        using var directory = new TempDirectory();
        var setId = await env.CreateLinkedSetAsync("office");
        var first = WriteFiles(Path.Join(directory.Path, "first", "data"), seed: 7, files: 6, size: 400_000);
        var second = WriteFiles(Path.Join(directory.Path, "second", "data"), seed: 7, files: 6, size: 400_000);
        await using var agentA = await RealAgent.StartAsync(env.Controller, setId, Path.Join(directory.Path, "agent-a"), first, Ct);
        await using var agentB = await RealAgent.StartAsync(env.Controller, setId, Path.Join(directory.Path, "agent-b"), second, Ct);
        var admin = env.Controller.Admin();

        var backupA = await TestJobs.RunToEndAsync(admin, await admin.StartBackupAsync(new StartBackupRequest { Set = setId, AgentId = agentA.Id }, cancellationToken: Ct));
        var backupB = await TestJobs.RunToEndAsync(admin, await admin.StartBackupAsync(new StartBackupRequest { Set = setId, AgentId = agentB.Id }, cancellationToken: Ct));

        Assert.Equal((JobState.Succeeded, JobState.Succeeded), (backupA.State, backupB.State));
        // New bytes: file contents for the first, only its own folder listings (trees) for the second.
        Assert.InRange(backupA.Statistics.BytesNew, 6 * 400_000, (6 * 400_000) + 4096);
        Assert.InRange(backupB.Statistics.BytesNew, 1, 4096);
        Assert.True(backupB.Statistics.BytesUploaded < backupA.Statistics.BytesUploaded / 20, $"{backupB.Statistics.BytesUploaded} bytes uploaded by the second agent, {backupA.Statistics.BytesUploaded} by the first");
        foreach (var (agent, job, source) in new[] { (agentA, backupA, first), (agentB, backupB, second) })
        {
            var target = Path.Join(directory.Path, $"restored-{agent.Id}");
            var restore = await TestJobs.RunToEndAsync(admin, await admin.StartRestoreAsync(
                new StartRestoreRequest { Set = setId, AgentId = agent.Id, Snapshot = job.SnapshotName, Target = target }, cancellationToken: Ct));
            Assert.Equal(JobState.Succeeded, restore.State);
            TestJobs.AssertSameFiles(source, Path.Join(target, "data"));
        }
    }

    [Fact]
    public async Task ControllerRestarted_DedupAnswersFromTheCatalog()
    {
        await using var env = await Env.StartAsync(redirect: false);
        using var directory = new TempDirectory();
        var setId = await env.CreateLinkedSetAsync("office");
        var first = WriteFiles(Path.Join(directory.Path, "first", "data"), seed: 8, files: 3, size: 300_000);
        var second = WriteFiles(Path.Join(directory.Path, "second", "data"), seed: 8, files: 3, size: 300_000);
        await using (var agentA = await RealAgent.StartAsync(env.Controller, setId, Path.Join(directory.Path, "agent-a"), first, Ct))
        {
            var admin = env.Controller.Admin();
            TestJobs.AssertSucceeded(await TestJobs.RunToEndAsync(admin, await admin.StartBackupAsync(new StartBackupRequest { Set = setId, AgentId = agentA.Id }, cancellationToken: Ct)));
        }

        await env.Controller.RestartAsync(Ct);
        await using var agentB = await RealAgent.StartAsync(env.Controller, setId, Path.Join(directory.Path, "agent-b"), second, Ct);
        var restarted = env.Controller.Admin();
        var backupB = await TestJobs.RunToEndAsync(restarted, await restarted.StartBackupAsync(new StartBackupRequest { Set = setId, AgentId = agentB.Id }, cancellationToken: Ct));

        Assert.Equal(JobState.Succeeded, backupB.State);
        Assert.InRange(backupB.Statistics.BytesNew, 1, 4096);
    }

    [Fact]
    public async Task TwentyAgentsBackingUpAtOnce_CommitsAreMergedIntoFewBatches_AndEveryJobSucceeds()
    {
        const int Agents = 20;
        await using var env = await Env.StartAsync(redirect: false);
        using var directory = new TempDirectory();
        var setId = await env.CreateLinkedSetAsync("fleet");
        var agents = new List<RealAgent>();
        try
        {
            for (var i = 0; i < Agents; i++)
            {
                var source = WriteFiles(Path.Join(directory.Path, $"source-{i}", "data"), seed: 100 + i, files: 2, size: 50_000);
                agents.Add(await RealAgent.StartAsync(env.Controller, setId, Path.Join(directory.Path, $"agent-{i}"), source, Ct));
            }

            var admin = env.Controller.Admin();
            await env.Emulator.ResetCountersAsync(Ct);

            // Each finish_batch_v2 takes a moment in "Dropbox", as a real one does: packs arriving meanwhile wait for the next batch.
            await env.Emulator.DelayAsync(FinishBatch, 300, 1000);
            var jobs = await Task.WhenAll(agents.Select(a => admin.StartBackupAsync(new StartBackupRequest { Set = setId, AgentId = a.Id }, cancellationToken: Ct).ResponseAsync));
            var ended = await Task.WhenAll(jobs.Select(j => TestJobs.RunToEndAsync(admin, j)));

            Assert.All(ended, job => Assert.True(job.State == JobState.Succeeded, $"{job.Id}: {job.State} {job.Error?.Code} {job.Error?.Message}"));
            var set = await admin.GetSetAsync(new GetSetRequest { Set = setId }, cancellationToken: Ct);
            var commitCalls = await env.Emulator.CounterAsync(FinishBatch, Ct);
            var packs = set.PackCount;

            // Every agent writes at least a data pack and a tree pack.
            Assert.True(packs >= 2 * Agents, $"{packs} packs");
            Assert.True(commitCalls * 3 <= packs, $"{commitCalls} finish_batch_v2 calls for {packs} packs");
            Assert.Equal(Agents, set.SnapshotCount);
        }
        finally
        {
            foreach (var agent in agents)
            {
                await agent.DisposeAsync();
            }
        }
    }

    /// <summary><paramref name="files"/> random files of <paramref name="size"/> bytes; the same seed gives the same files.</summary>
    private static string WriteFiles(string root, int seed, int files, int size)
    {
        Directory.CreateDirectory(root);
        var random = new Random(seed);
        for (var i = 0; i < files; i++)
        {
            var bytes = new byte[size];
            random.NextBytes(bytes);
            File.WriteAllBytes(Path.Join(root, $"file-{i}.bin"), bytes);
        }

        return root;
    }
}
