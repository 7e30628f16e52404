using RetroGrid.Contracts.V1;
using RetroGrid.Dropbox;
using RetroGrid.Testing;

namespace RetroGrid.Controller.Tests;

/// <summary>Pruning while backups run, and repacking sparsely used packs.</summary>
public sealed class PruneTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task PruneWhileABackupRuns_KeepsThePackThatBackupWasToldHeldItsData_AndItRestores()
    {
        await using var env = await Env.StartAsync(redirect: false);
        using var directory = new TempDirectory();
        var setId = await env.CreateLinkedSetAsync("office");
        var admin = env.Controller.Admin();
        var (sourceA, sourceB) = (Path.Join(directory.Path, "a"), Path.Join(directory.Path, "b"));
        Directory.CreateDirectory(sourceA);
        Directory.CreateDirectory(sourceB);
        await using var agentA = await RealAgent.StartAsync(env.Controller, setId, Path.Join(directory.Path, "agent-a"), sourceA, Ct);
        await using var agentB = await RealAgent.StartAsync(env.Controller, setId, Path.Join(directory.Path, "agent-b"), sourceB, Ct);

        // A's first snapshot alone holds x.bin; keeping only A's last snapshot leaves its data to nobody.
        var x = RandomBytes(1, 200_000);
        File.WriteAllBytes(Path.Join(sourceA, "x.bin"), x);
        await TestJobs.BackUpAsync(admin, setId, agentA.Id);
        env.Controller.Time.Advance(TimeSpan.FromMinutes(10));
        File.Delete(Path.Join(sourceA, "x.bin"));
        File.WriteAllBytes(Path.Join(sourceA, "y.bin"), RandomBytes(2, 100_000));
        await TestJobs.BackUpAsync(admin, setId, agentA.Id);
        await admin.SetRetentionAsync(new SetRetentionRequest { Set = setId, Policy = new RetentionPolicy { KeepLast = 1 } }, cancellationToken: Ct);
        Assert.Equal(1, (await admin.GroomSetAsync(new GroomSetRequest { Set = setId }, cancellationToken: Ct)).Forgotten);

        // B backs up the same content: told it is held, B uploads only its tree, and that upload waits in "Dropbox".
        File.WriteAllBytes(Path.Join(sourceB, "x.bin"), x);
        await env.Emulator.ResetCountersAsync(Ct);
        await env.Emulator.DelayAsync("files/upload_session/start", 1500, 1);
        var backup = await admin.StartBackupAsync(new StartBackupRequest { Set = setId, AgentId = agentB.Id }, cancellationToken: Ct);
        await WhenCalledAsync(env, "files/upload_session/start");

        var pruned = await admin.GroomSetAsync(new GroomSetRequest { Set = setId, Prune = true, RepackBelowPercent = -1 }, cancellationToken: Ct);
        var backedUp = TestJobs.AssertSucceeded(await TestJobs.RunToEndAsync(admin, backup));

        // Both packs of A's first backup were unused when pruning began (its trees in one, x.bin in the other); B's
        // snapshot, written while pruning waited, uses the second, so only the first goes.
        Assert.InRange(backedUp.Statistics.BytesNew, 0, 4096);
        Assert.Equal(1, pruned.PacksDeleted);
        Assert.Empty(await TestJobs.VerifyProblemsAsync(admin, setId));
        await TestJobs.AssertRestoresAsync(admin, setId, agentB.Id, sourceB, Path.Join(directory.Path, "restored-b"));
    }

    [Fact]
    public async Task Repack_CopiesTheLiveBlobsOfSparsePacks_DeletesThem_SetStaysSoundAndDedupsAgainstTheCopy()
    {
        await using var env = await Env.StartAsync(redirect: false);
        using var directory = new TempDirectory();
        var setId = await env.CreateLinkedSetAsync("office");
        var admin = env.Controller.Admin();
        var source = Path.Join(directory.Path, "source");
        Directory.CreateDirectory(source);
        await using var agent = await RealAgent.StartAsync(env.Controller, setId, Path.Join(directory.Path, "agent"), source, Ct);

        // Twenty small files, one blob each, shared by the agent's readers' packs; then all but two go, and only the
        // first snapshot had them: the data packs are left a tenth used or less.
        for (var i = 0; i < 20; i++)
        {
            File.WriteAllBytes(Path.Join(source, $"f{i:00}.bin"), RandomBytes(100 + i, 20_000));
        }

        await TestJobs.BackUpAsync(admin, setId, agent.Id);
        env.Controller.Time.Advance(TimeSpan.FromMinutes(10));
        foreach (var file in Directory.GetFiles(source).Order(StringComparer.Ordinal).Skip(2))
        {
            File.Delete(file);
        }

        await TestJobs.BackUpAsync(admin, setId, agent.Id);
        await admin.SetRetentionAsync(new SetRetentionRequest { Set = setId, Policy = new RetentionPolicy { KeepLast = 1 } }, cancellationToken: Ct);

        var dryRun = await admin.GroomSetAsync(new GroomSetRequest { Set = setId, DryRun = true, Prune = true }, cancellationToken: Ct);
        var notRepacked = await admin.GroomSetAsync(new GroomSetRequest { Set = setId, Prune = true, RepackBelowPercent = -1 }, cancellationToken: Ct);
        var before = await admin.GetSetAsync(new GetSetRequest { Set = setId }, cancellationToken: Ct);
        var packsBefore = await PackNamesAsync(env);
        var repacked = await admin.GroomSetAsync(new GroomSetRequest { Set = setId, Prune = true }, cancellationToken: Ct);
        var after = await admin.GetSetAsync(new GetSetRequest { Set = setId }, cancellationToken: Ct);
        var packsAfter = await PackNamesAsync(env);

        Assert.Equal(0, dryRun.PacksRepacked);
        Assert.Equal((1, 0), (notRepacked.Forgotten, notRepacked.PacksRepacked));
        Assert.InRange(notRepacked.PacksPartlyUsed, 1, 2);

        // Every partly used pack is repacked; the two live blobs fit in one new pack.
        Assert.Equal((notRepacked.PacksPartlyUsed, notRepacked.PacksPartlyUsed, 1, 0), (repacked.PacksDeleted, repacked.PacksRepacked, repacked.PacksWritten, repacked.PacksPartlyUsed));
        Assert.InRange(repacked.BytesWritten, 40_000, 41_000);
        Assert.True(repacked.BytesReclaimed > 0, $"{repacked.BytesReclaimed} bytes reclaimed");
        Assert.Equal(before.StoredBytes - repacked.BytesReclaimed, after.StoredBytes);
        Assert.Equal(repacked.PacksRepacked, packsBefore.Except(packsAfter).Count());
        Assert.Single(packsAfter.Except(packsBefore));
        Assert.Empty(await TestJobs.VerifyProblemsAsync(admin, setId));
        await TestJobs.AssertRestoresAsync(admin, setId, agent.Id, source, Path.Join(directory.Path, "restored"));

        // A later backup of the same content dedups against the copy.
        File.WriteAllBytes(Path.Join(source, "again.bin"), File.ReadAllBytes(Path.Join(source, "f00.bin")));
        var again = await TestJobs.BackUpAsync(admin, setId, agent.Id);
        Assert.InRange(again.Statistics.BytesNew, 0, 4096);
    }

    private static byte[] RandomBytes(int seed, int length)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    /// <summary>The names of the pack files in the set's folder on Dropbox.</summary>
    private static async Task<List<string>> PackNamesAsync(Env env)
    {
        using var http = new HttpClient();
        var dropbox = new DropboxClient(http, new StaticDropboxTokenSource(Env.LegacyToken), new DropboxClientOptions { ApiBaseAddress = env.EmulatorHost.BaseAddress, ContentBaseAddress = env.EmulatorHost.BaseAddress });
        return await dropbox.ListFolderAllAsync("/RetroGrid/office/packs", recursive: true, cancellationToken: Ct).OfType<DropboxFileMetadata>().Select(e => e.Name).ToListAsync(Ct);
    }

    /// <summary>Waits (at most the default timeout) until the emulator has been called on <paramref name="route"/>.</summary>
    private static async Task WhenCalledAsync(Env env, string route)
    {
        using var deadline = new CancellationTokenSource(RetroGrid.Testing.TaskExtensions.DefaultTimeoutSpan);
        while (await env.Emulator.CounterAsync(route, Ct) == 0)
        {
            await Task.Delay(20, deadline.Token);
        }
    }
}
