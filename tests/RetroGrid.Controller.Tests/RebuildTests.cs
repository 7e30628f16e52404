using Grpc.Core;
using RetroGrid.Contracts.V1;
using RetroGrid.Dropbox;
using RetroGrid.Testing;

namespace RetroGrid.Controller.Tests;

/// <summary>Rebuilding a set's catalog from Dropbox alone: on the same controller, and on a new one after the old is lost.</summary>
public sealed class RebuildTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task NewControllerAfterTheOldIsLost_AdoptsTheSetWithThePassphrase_RebuiltCatalogMatchesAndRestores()
    {
        await using var env = await Env.StartAsync(redirect: false);
        using var directory = new TempDirectory();
        var setId = await env.CreateLinkedSetAsync("office");
        var source = Path.Join(directory.Path, "source");
        Directory.CreateDirectory(Path.Join(source, "reports"));
        File.WriteAllBytes(Path.Join(source, "reports", "q1.bin"), new Random(1).GetItems<byte>([1, 2, 3, 4], 250_000));
        var admin = env.Controller.Admin();
        await using (var agent = await RealAgent.StartAsync(env.Controller, setId, Path.Join(directory.Path, "agent"), source, Ct))
        {
            TestJobs.AssertSucceeded(await TestJobs.RunToEndAsync(admin, await admin.StartBackupAsync(new StartBackupRequest { Set = setId, AgentId = agent.Id }, cancellationToken: Ct)));
            File.WriteAllBytes(Path.Join(source, "reports", "q2.bin"), new Random(2).GetItems<byte>([5, 6, 7], 120_000));
            TestJobs.AssertSucceeded(await TestJobs.RunToEndAsync(admin, await admin.StartBackupAsync(new StartBackupRequest { Set = setId, AgentId = agent.Id }, cancellationToken: Ct)));
        }

        var lost = await admin.GetSetAsync(new GetSetRequest { Set = setId }, cancellationToken: Ct);
        var lostSnapshots = (await admin.ListSnapshotsAsync(new ListSnapshotsRequest { Set = setId }, cancellationToken: Ct)).Snapshots;

        await using var fresh = await env.StartAnotherControllerAsync();
        var admin2 = fresh.Admin();
        var adopted = await admin2.CreateSetAsync(new CreateSetRequest { Name = "office", AdoptExisting = true }, cancellationToken: Ct);
        var begun = await admin2.BeginLinkAsync(new BeginLinkRequest { Set = "office" }, cancellationToken: Ct);
        await admin2.CompleteLinkAsync(new CompleteLinkRequest { State = begun.State, Code = await env.ApproveAndReadCodeAsync(begun.AuthorizeUrl) }, cancellationToken: Ct);
        var withoutPassphrase = await Assert.ThrowsAsync<RpcException>(() => RebuildAsync(admin2, "office", passphrase: null));
        var progress = await RebuildAsync(admin2, "office", Env.Passphrase);

        Assert.Equal("RG3038", withoutPassphrase.Trailers.GetValue("retrogrid-error-code"));
        var done = progress[^1];
        Assert.True(done.Finished);
        Assert.Contains(progress, p => p.Phase == "keys");
        Assert.Empty(done.Damaged);
        var rebuilt = await admin2.GetSetAsync(new GetSetRequest { Set = "office" }, cancellationToken: Ct);
        Assert.Equal((lost.PackCount, lost.StoredBytes, lost.SnapshotCount), (rebuilt.PackCount, rebuilt.StoredBytes, rebuilt.SnapshotCount));
        var rebuiltSnapshots = (await admin2.ListSnapshotsAsync(new ListSnapshotsRequest { Set = "office" }, cancellationToken: Ct)).Snapshots;
        // By name: the lost catalog dated snapshots by their jobs (on the controller's clock), the rebuilt one by the snapshots themselves.
        Assert.Equal(
            lostSnapshots.Select(s => (s.Name, s.Summary.AgentId, s.Summary.Statistics.FilesScanned)).OrderBy(s => s.Name, StringComparer.Ordinal),
            rebuiltSnapshots.Select(s => (s.Name, s.Summary.AgentId, s.Summary.Statistics.FilesScanned)).OrderBy(s => s.Name, StringComparer.Ordinal));

        // The new controller's agents restore from it, and dedup against what the old controller's agents stored.
        await using var newAgent = await RealAgent.StartAsync(fresh, adopted.Id, Path.Join(directory.Path, "new-agent"), source, Ct);
        var target = Path.Join(directory.Path, "restored");
        var restore = await TestJobs.RunToEndAsync(admin2, await admin2.StartRestoreAsync(
            new StartRestoreRequest { Set = adopted.Id, AgentId = newAgent.Id, Snapshot = "latest", Target = target }, cancellationToken: Ct));
        Assert.Equal(JobState.Succeeded, restore.State);
        TestJobs.AssertSameFiles(source, Path.Join(target, "source"));
        var backup = await TestJobs.RunToEndAsync(admin2, await admin2.StartBackupAsync(new StartBackupRequest { Set = adopted.Id, AgentId = newAgent.Id }, cancellationToken: Ct));
        Assert.True(backup.State == JobState.Succeeded, $"{backup.State} {backup.Error?.Code} {backup.Error?.Message}");
        Assert.InRange(backup.Statistics.BytesNew, 0, 4096);
    }

    [Fact]
    public async Task SameController_WithItsOwnKey_RebuildChangesNothingAndDropsWhatIsGone()
    {
        await using var env = await Env.StartAsync(redirect: false);
        using var directory = new TempDirectory();
        var setId = await env.CreateLinkedSetAsync("office");
        var source = Path.Join(directory.Path, "source");
        Directory.CreateDirectory(source);
        File.WriteAllBytes(Path.Join(source, "a.bin"), new Random(3).GetItems<byte>([1, 2], 90_000));
        var admin = env.Controller.Admin();
        await using var agent = await RealAgent.StartAsync(env.Controller, setId, Path.Join(directory.Path, "agent"), source, Ct);
        var backup = await TestJobs.RunToEndAsync(admin, await admin.StartBackupAsync(new StartBackupRequest { Set = setId, AgentId = agent.Id }, cancellationToken: Ct));
        Assert.True(backup.State == JobState.Succeeded, $"{backup.State} {backup.Error?.Code} {backup.Error?.Message}");
        var before = await admin.GetSetAsync(new GetSetRequest { Set = setId }, cancellationToken: Ct);

        var progress = await RebuildAsync(admin, setId, passphrase: null);

        Assert.DoesNotContain(progress, p => p.Phase == "keys");
        Assert.Equal((before.PackCount, 1L, 0L), (progress[^1].Packs, progress[^1].Snapshots, progress[^1].Dropped));
        var after = await admin.GetSetAsync(new GetSetRequest { Set = setId }, cancellationToken: Ct);
        Assert.Equal((before.PackCount, before.StoredBytes, before.SnapshotCount), (after.PackCount, after.StoredBytes, after.SnapshotCount));
        Assert.Equal(backup.SnapshotName, Assert.Single((await admin.ListSnapshotsAsync(new ListSnapshotsRequest { Set = setId }, cancellationToken: Ct)).Snapshots).Name);

        // The snapshot deleted on Dropbox behind the controller's back leaves the catalog at the next rebuild.
        using var http = new HttpClient();
        var dropbox = new DropboxClient(http, new StaticDropboxTokenSource(Env.LegacyToken), new DropboxClientOptions { ApiBaseAddress = env.EmulatorHost.BaseAddress, ContentBaseAddress = env.EmulatorHost.BaseAddress });
        await dropbox.DeleteAsync($"/RetroGrid/office/snapshots/{backup.SnapshotName}", cancellationToken: Ct);
        var again = await RebuildAsync(admin, setId, passphrase: null);
        Assert.Equal((0L, 1L), (again[^1].Snapshots, again[^1].Dropped));
        Assert.Empty((await admin.ListSnapshotsAsync(new ListSnapshotsRequest { Set = setId }, cancellationToken: Ct)).Snapshots);
    }

    private static async Task<List<RebuildProgress>> RebuildAsync(AdminService.AdminServiceClient admin, string set, string? passphrase)
    {
        using var call = admin.RebuildSet(new RebuildSetRequest { Set = set, RecoveryPassphrase = passphrase ?? string.Empty }, cancellationToken: Ct);
        var progress = new List<RebuildProgress>();
        while (await call.ResponseStream.MoveNext(Ct).DefaultTimeout())
        {
            progress.Add(call.ResponseStream.Current);
        }

        return progress;
    }
}
