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
        using (var verify = admin.VerifySet(new VerifySetRequest { Set = setId, DataSharePercent = 100 }, cancellationToken: Ct))
        {
            var last = new VerifyProgress();
            while (await verify.ResponseStream.MoveNext(Ct).DefaultTimeout())
            {
                last = verify.ResponseStream.Current;
            }

            Assert.Empty(last.Problems);
        }

        var target = Path.Join(directory.Path, "restored");
        TestJobs.AssertSucceeded(await TestJobs.RunToEndAsync(admin, await admin.StartRestoreAsync(
            new StartRestoreRequest { Set = setId, AgentId = agent.Id, Snapshot = "latest", Target = target }, cancellationToken: Ct)));
        TestJobs.AssertSameFiles(source, Path.Join(target, "source"));

        // The next backup of the same file stores nothing again: its blobs are still held.
        var again = TestJobs.AssertSucceeded(await TestJobs.RunToEndAsync(admin, await admin.StartBackupAsync(new StartBackupRequest { Set = setId, AgentId = agent.Id }, cancellationToken: Ct)));
        Assert.InRange(again.Statistics.BytesNew, 0, 4096);
    }
}
