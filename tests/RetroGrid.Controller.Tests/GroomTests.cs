using RetroGrid.Contracts.V1;
using RetroGrid.Dropbox;
using RetroGrid.Testing;

namespace RetroGrid.Controller.Tests;

/// <summary>Grooming a set by its retention policy: a dry run lists, a groom forgets on Dropbox and in the catalog.</summary>
public sealed class GroomTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task KeepLastOne_DryRunListsTwoGoing_GroomForgetsThem_TheKeptOneRestores()
    {
        await using var env = await Env.StartAsync(redirect: false);
        using var directory = new TempDirectory();
        var setId = await env.CreateLinkedSetAsync("office");
        var source = Path.Join(directory.Path, "source");
        Directory.CreateDirectory(source);
        var admin = env.Controller.Admin();
        await using var agent = await RealAgent.StartAsync(env.Controller, setId, Path.Join(directory.Path, "agent"), source, Ct);
        for (var i = 0; i < 3; i++)
        {
            File.WriteAllBytes(Path.Join(source, $"v{i}.bin"), new Random(i).GetItems<byte>([1, 2, 3, 4], 40_000));
            TestJobs.AssertSucceeded(await TestJobs.RunToEndAsync(admin, await admin.StartBackupAsync(new StartBackupRequest { Set = setId, AgentId = agent.Id }, cancellationToken: Ct)));
            env.Controller.Time.Advance(TimeSpan.FromMinutes(10));
        }

        var keepAll = await admin.GroomSetAsync(new GroomSetRequest { Set = setId, DryRun = true }, cancellationToken: Ct);
        var set = await admin.SetRetentionAsync(new SetRetentionRequest { Set = setId, Policy = new RetentionPolicy { KeepLast = 1 } }, cancellationToken: Ct);
        var dryRun = await admin.GroomSetAsync(new GroomSetRequest { Set = setId, DryRun = true }, cancellationToken: Ct);
        var groomed = await admin.GroomSetAsync(new GroomSetRequest { Set = setId }, cancellationToken: Ct);

        Assert.All(keepAll.Snapshots, s => Assert.Equal((true, "no retention policy"), (s.Kept, s.Reason)));
        Assert.Equal(1, set.Retention.KeepLast);
        Assert.Equal(2, dryRun.Snapshots.Count(s => !s.Kept));
        Assert.Equal(0, dryRun.Forgotten);
        Assert.Equal(2, groomed.Forgotten);
        var latest = Assert.Single(groomed.Snapshots, s => s.Kept);
        Assert.Equal("last", latest.Reason);
        Assert.Equal([latest.Name], (await admin.ListSnapshotsAsync(new ListSnapshotsRequest { Set = setId }, cancellationToken: Ct)).Snapshots.Select(s => s.Name));
        using var http = new HttpClient();
        var dropbox = new DropboxClient(http, new StaticDropboxTokenSource(Env.LegacyToken), new DropboxClientOptions { ApiBaseAddress = env.EmulatorHost.BaseAddress, ContentBaseAddress = env.EmulatorHost.BaseAddress });
        Assert.Equal([latest.Name], (await dropbox.ListFolderAsync("/RetroGrid/office/snapshots", cancellationToken: Ct)).Entries.Select(e => e.Name));

        var target = Path.Join(directory.Path, "restored");
        TestJobs.AssertSucceeded(await TestJobs.RunToEndAsync(admin, await admin.StartRestoreAsync(
            new StartRestoreRequest { Set = setId, AgentId = agent.Id, Snapshot = latest.Name, Target = target }, cancellationToken: Ct)));
        TestJobs.AssertSameFiles(source, Path.Join(target, "source"));
    }

    [Fact]
    public async Task GroomWithPrune_DeletesThePacksOnlyForgottenSnapshotsUsed_SetStaysSoundAndRestores()
    {
        await using var env = await Env.StartAsync(redirect: false);
        using var directory = new TempDirectory();
        var setId = await env.CreateLinkedSetAsync("office");
        var source = Path.Join(directory.Path, "source");
        Directory.CreateDirectory(source);
        var admin = env.Controller.Admin();
        await using var agent = await RealAgent.StartAsync(env.Controller, setId, Path.Join(directory.Path, "agent"), source, Ct);
        for (var i = 0; i < 3; i++)
        {
            // Each backup holds only its own file: the older snapshots' data is theirs alone.
            foreach (var old in Directory.GetFiles(source))
            {
                File.Delete(old);
            }

            var bytes = new byte[60_000];
            new Random(10 + i).NextBytes(bytes);
            File.WriteAllBytes(Path.Join(source, $"v{i}.bin"), bytes);
            TestJobs.AssertSucceeded(await TestJobs.RunToEndAsync(admin, await admin.StartBackupAsync(new StartBackupRequest { Set = setId, AgentId = agent.Id }, cancellationToken: Ct)));
            env.Controller.Time.Advance(TimeSpan.FromMinutes(10));
        }

        var before = await admin.GetSetAsync(new GetSetRequest { Set = setId }, cancellationToken: Ct);
        await admin.SetRetentionAsync(new SetRetentionRequest { Set = setId, Policy = new RetentionPolicy { KeepLast = 1 } }, cancellationToken: Ct);
        var dryRun = await admin.GroomSetAsync(new GroomSetRequest { Set = setId, DryRun = true, Prune = true }, cancellationToken: Ct);
        var groomed = await admin.GroomSetAsync(new GroomSetRequest { Set = setId, Prune = true }, cancellationToken: Ct);
        var after = await admin.GetSetAsync(new GetSetRequest { Set = setId }, cancellationToken: Ct);

        // The dry run forgets nothing, so every pack is still referenced then.
        Assert.Equal(0, dryRun.PacksDeleted);
        Assert.Equal(2, groomed.Forgotten);
        Assert.True(groomed.PacksDeleted >= 2, $"{groomed.PacksDeleted} packs deleted");
        Assert.True(groomed.BytesReclaimed >= 2 * 60_000, $"{groomed.BytesReclaimed} bytes reclaimed");
        Assert.Equal(before.StoredBytes - groomed.BytesReclaimed, after.StoredBytes);
        Assert.Empty(await TestJobs.VerifyProblemsAsync(admin, setId));

        var target = Path.Join(directory.Path, "restored");
        TestJobs.AssertSucceeded(await TestJobs.RunToEndAsync(admin, await admin.StartRestoreAsync(
            new StartRestoreRequest { Set = setId, AgentId = agent.Id, Snapshot = "latest", Target = target }, cancellationToken: Ct)));
        TestJobs.AssertSameFiles(source, Path.Join(target, "source"));

        // The next backup of the same file stores nothing again: its blobs are still held.
        var again = TestJobs.AssertSucceeded(await TestJobs.RunToEndAsync(admin, await admin.StartBackupAsync(new StartBackupRequest { Set = setId, AgentId = agent.Id }, cancellationToken: Ct)));
        Assert.InRange(again.Statistics.BytesNew, 0, 4096);
    }

    [Fact]
    public async Task GroomAndPruneDuringConcurrentBackupsOfThreeAgents_EveryKeptSnapshotRestoresByteIdentical()
    {
        await using var env = await Env.StartAsync(redirect: false);
        using var directory = new TempDirectory();
        var setId = await env.CreateLinkedSetAsync("office");
        var admin = env.Controller.Admin();
        var agents = new List<(RealAgent Agent, string Source)>();
        try
        {
            for (var a = 0; a < 3; a++)
            {
                var source = Path.Join(directory.Path, $"source-{a}");
                Directory.CreateDirectory(source);
                agents.Add((await RealAgent.StartAsync(env.Controller, setId, Path.Join(directory.Path, $"agent-{a}"), source, Ct), source));
            }

            async Task BackUpAllAsync(int round, Func<Task>? whileRunning = null)
            {
                foreach (var (_, source) in agents)
                {
                    foreach (var old in Directory.GetFiles(source))
                    {
                        File.Delete(old);
                    }

                    var bytes = new byte[50_000];
                    new Random(round * 10 + agents.FindIndex(x => x.Source == source)).NextBytes(bytes);
                    File.WriteAllBytes(Path.Join(source, $"round-{round}.bin"), bytes);
                    File.WriteAllText(Path.Join(source, "shared.txt"), "the same in every round and on every agent");
                }

                var jobs = await Task.WhenAll(agents.Select(x => admin.StartBackupAsync(new StartBackupRequest { Set = setId, AgentId = x.Agent.Id }, cancellationToken: Ct).ResponseAsync));
                if (whileRunning is not null)
                {
                    await whileRunning();
                }

                foreach (var job in jobs)
                {
                    TestJobs.AssertSucceeded(await TestJobs.RunToEndAsync(admin, job));
                }

                env.Controller.Time.Advance(TimeSpan.FromMinutes(10));
            }

            await BackUpAllAsync(0);
            await BackUpAllAsync(1);
            await admin.SetRetentionAsync(new SetRetentionRequest { Set = setId, Policy = new RetentionPolicy { KeepLast = 1 } }, cancellationToken: Ct);

            // Uploads wait in "Dropbox" so the third round is running while the set is groomed and pruned.
            await env.Emulator.DelayAsync("files/upload_session/start", 500, 6);
            GroomSetResponse? during = null;
            await BackUpAllAsync(2, async () => during = await admin.GroomSetAsync(new GroomSetRequest { Set = setId, Prune = true }, cancellationToken: Ct));
            var after = await admin.GroomSetAsync(new GroomSetRequest { Set = setId, Prune = true }, cancellationToken: Ct);

            Assert.Equal(3, during!.Forgotten);
            Assert.True(during.PacksDeleted > 0, "nothing was pruned while the backups ran");
            Assert.Equal(3, after.Forgotten);
            Assert.True(after.PacksDeleted > 0, "nothing was pruned after them");
            var kept = (await admin.ListSnapshotsAsync(new ListSnapshotsRequest { Set = setId }, cancellationToken: Ct)).Snapshots;
            Assert.Equal(3, kept.Count);
            Assert.Empty(await TestJobs.VerifyProblemsAsync(admin, setId));
            foreach (var (agent, source) in agents)
            {
                var snapshot = Assert.Single(kept, s => s.Summary.AgentId == agent.Id);
                var target = Path.Join(directory.Path, $"restored-{agent.Id}");
                TestJobs.AssertSucceeded(await TestJobs.RunToEndAsync(admin, await admin.StartRestoreAsync(
                    new StartRestoreRequest { Set = setId, AgentId = agent.Id, Snapshot = snapshot.Name, Target = target }, cancellationToken: Ct)));
                TestJobs.AssertSameFiles(source, Path.Join(target, Path.GetFileName(source)));
            }
        }
        finally
        {
            foreach (var (agent, _) in agents)
            {
                await agent.DisposeAsync();
            }
        }
    }
}
