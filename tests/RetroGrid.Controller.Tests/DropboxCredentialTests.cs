using RetroGrid.Contracts.V1;
using RetroGrid.Testing;

namespace RetroGrid.Controller.Tests;

/// <summary>
/// A set's Dropbox credentials as jobs meet them: short-lived tokens running out mid-job are renewed through the
/// controller; a refresh token Dropbox no longer accepts stops jobs with a clear code until IT staff re-link.
/// </summary>
public sealed class DropboxCredentialTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ThreeSecondTokens_ExpireDuringBackupAndRestore_RenewedThroughTheController_JobsSucceed()
    {
        // The controller's clock is fake and stands still, so it never thinks a token old: only Dropbox's refusals,
        // reported back by agents and by the controller's own commits, get tokens replaced.
        await using var env = await Env.StartAsync(redirect: false, accessTokenLifetime: TimeSpan.FromSeconds(3));
        using var directory = new TempDirectory();
        var setId = await env.CreateLinkedSetAsync("office");
        var source = Path.Join(directory.Path, "source");
        Directory.CreateDirectory(source);
        for (var i = 0; i < 3; i++)
        {
            File.WriteAllBytes(Path.Join(source, $"file-{i}.bin"), new Random(i).GetItems<byte>([1, 2, 3, 4, 5, 6, 7, 8, 9], 300_000));
        }

        await using var agent = await RealAgent.StartAsync(env.Controller, setId, Path.Join(directory.Path, "agent"), source, Ct);
        var admin = env.Controller.Admin();
        await env.Emulator.ResetCountersAsync(Ct);

        // Every upload session start waits 1.6 s in "Dropbox" before its token is checked. The index file and the
        // snapshot are uploaded after a pack's session, so with a token older than 1.4 s: by the check it has expired.
        // A fresh token has 1.4 s to spare after the wait, room enough on a loaded machine.
        await env.Emulator.DelayAsync("files/upload_session/start", 1600, 100);
        var backup = await TestJobs.RunToEndAsync(admin, await admin.StartBackupAsync(new StartBackupRequest { Set = setId, AgentId = agent.Id }, cancellationToken: Ct));
        var refreshes = await env.Emulator.CounterAsync("oauth2/token", Ct);
        var target = Path.Join(directory.Path, "restored");
        var restore = await TestJobs.RunToEndAsync(admin, await admin.StartRestoreAsync(
            new StartRestoreRequest { Set = setId, AgentId = agent.Id, Snapshot = "latest", Target = target }, cancellationToken: Ct));

        Assert.True(backup.State == JobState.Succeeded, $"{backup.State} {backup.Error?.Code} {backup.Error?.Message}");
        Assert.True(refreshes >= 2, $"{refreshes} token refreshes during the backup");
        Assert.True(restore.State == JobState.Succeeded, $"{restore.State} {restore.Error?.Code} {restore.Error?.Message}");
        TestJobs.AssertSameFiles(source, Path.Join(target, "source"));
    }

    [Fact]
    public async Task AppUnlinked_NextBackupFailsWithReauthorizationCode_NothingLost_RelinkRecovers()
    {
        await using var env = await Env.StartAsync(redirect: false);
        using var directory = new TempDirectory();
        var setId = await env.CreateLinkedSetAsync("office");
        var source = Path.Join(directory.Path, "source");
        Directory.CreateDirectory(source);
        File.WriteAllBytes(Path.Join(source, "report.bin"), new Random(3).GetItems<byte>([1, 2, 3, 4, 5], 200_000));
        await using var agent = await RealAgent.StartAsync(env.Controller, setId, Path.Join(directory.Path, "agent"), source, Ct);
        var admin = env.Controller.Admin();
        var first = await TestJobs.RunToEndAsync(admin, await admin.StartBackupAsync(new StartBackupRequest { Set = setId, AgentId = agent.Id }, cancellationToken: Ct));
        TestJobs.AssertSucceeded(first);

        await env.Emulator.UnlinkAsync();
        var refused = await TestJobs.RunToEndAsync(admin, await admin.StartBackupAsync(new StartBackupRequest { Set = setId, AgentId = agent.Id }, cancellationToken: Ct));

        Assert.Equal((JobState.Failed, "RG1001"), (refused.State, refused.Error?.Code));
        Assert.False(string.IsNullOrEmpty(refused.Error?.NextStep));
        Assert.Equal(LinkState.NeedsReauthorization, (await admin.GetSetAsync(new GetSetRequest { Set = setId }, cancellationToken: Ct)).LinkState);

        var begun = await admin.BeginLinkAsync(new BeginLinkRequest { Set = setId }, cancellationToken: Ct);
        await admin.CompleteLinkAsync(new CompleteLinkRequest { State = begun.State, Code = await env.ApproveAndReadCodeAsync(begun.AuthorizeUrl) }, cancellationToken: Ct);
        File.WriteAllBytes(Path.Join(source, "later.bin"), new Random(4).GetItems<byte>([1, 2, 3], 50_000));
        var again = await TestJobs.RunToEndAsync(admin, await admin.StartBackupAsync(new StartBackupRequest { Set = setId, AgentId = agent.Id }, cancellationToken: Ct));
        var target = Path.Join(directory.Path, "restored");
        var restore = await TestJobs.RunToEndAsync(admin, await admin.StartRestoreAsync(
            new StartRestoreRequest { Set = setId, AgentId = agent.Id, Snapshot = first.SnapshotName, Target = target }, cancellationToken: Ct));

        Assert.Equal(LinkState.Linked, (await admin.GetSetAsync(new GetSetRequest { Set = setId }, cancellationToken: Ct)).LinkState);
        Assert.True(again.State == JobState.Succeeded, $"{again.State} {again.Error?.Code} {again.Error?.Message}");
        Assert.Equal(JobState.Succeeded, restore.State);
        Assert.Equal(File.ReadAllBytes(Path.Join(source, "report.bin")), File.ReadAllBytes(Path.Join(target, "source", "report.bin")));
        Assert.Equal(2, (await admin.ListSnapshotsAsync(new ListSnapshotsRequest { Set = setId }, cancellationToken: Ct)).Snapshots.Count);
    }

    [Fact]
    public async Task LegacyTokenSet_BacksUp_ThenRelinkedWithPkceWhileABackupRuns_TheJobSucceeds()
    {
        await using var env = await Env.StartAsync(redirect: false);
        using var directory = new TempDirectory();
        var admin = env.Controller.Admin();
        var (set, source, agent) = await LegacySetBackedUpAsync(env, directory.Path);
        await using var stopsTheAgent = agent;

        // The second backup's uploads wait in "Dropbox" while the set is re-linked with PKCE underneath it.
        File.WriteAllBytes(Path.Join(source, "b.bin"), new Random(6).GetItems<byte>([7, 8, 9], 150_000));
        await env.Emulator.DelayAsync("files/upload_session/start", 1000, 4);
        var running = await admin.StartBackupAsync(new StartBackupRequest { Set = set.Id, AgentId = agent.Id }, cancellationToken: Ct);
        var begun = await admin.BeginLinkAsync(new BeginLinkRequest { Set = set.Id }, cancellationToken: Ct);
        var relinked = await admin.CompleteLinkAsync(new CompleteLinkRequest { State = begun.State, Code = await env.ApproveAndReadCodeAsync(begun.AuthorizeUrl) }, cancellationToken: Ct);
        var second = await TestJobs.RunToEndAsync(admin, running);

        Assert.Equal(LinkState.Linked, relinked.LinkState);
        TestJobs.AssertSucceeded(second);
        var target = Path.Join(directory.Path, "restored");
        var restore = await TestJobs.RunToEndAsync(admin, await admin.StartRestoreAsync(
            new StartRestoreRequest { Set = set.Id, AgentId = agent.Id, Snapshot = second.SnapshotName, Target = target }, cancellationToken: Ct));
        Assert.Equal(JobState.Succeeded, restore.State);
        TestJobs.AssertSameFiles(source, Path.Join(target, "source"));
    }

    [Fact]
    public async Task LegacyTokenSet_VerifiesRebuildsRecycles_AndBacksUpAgain()
    {
        await using var env = await Env.StartAsync(redirect: false);
        using var directory = new TempDirectory();
        var admin = env.Controller.Admin();
        var (set, _, agent) = await LegacySetBackedUpAsync(env, directory.Path);
        await using var stopsTheAgent = agent;
        var before = await admin.GetSetAsync(new GetSetRequest { Set = set.Id }, cancellationToken: Ct);

        using var verify = admin.VerifySet(new VerifySetRequest { Set = set.Id, DataSharePercent = 100 }, cancellationToken: Ct);
        var verified = await LastAsync(verify.ResponseStream);
        using var rebuild = admin.RebuildSet(new RebuildSetRequest { Set = set.Id }, cancellationToken: Ct);
        var rebuilt = await LastAsync(rebuild.ResponseStream);
        var recycled = await admin.RecycleSetAsync(new RecycleSetRequest { Set = set.Id, Confirm = "old" }, cancellationToken: Ct);

        Assert.Equal(LinkState.LegacyToken, before.LinkState);
        Assert.Empty(verified.Problems);
        Assert.Equal((before.PackCount, 1L), (rebuilt.Packs, rebuilt.Snapshots));
        Assert.Equal(1, recycled.SnapshotsRemoved);
        TestJobs.AssertSucceeded(await TestJobs.RunToEndAsync(admin, await admin.StartBackupAsync(new StartBackupRequest { Set = set.Id, AgentId = agent.Id }, cancellationToken: Ct)));
    }

    /// <summary>A set linked by a legacy long-lived token, with an agent that has backed up one file into it.</summary>
    private static async Task<(BackupSet Set, string Source, RealAgent Agent)> LegacySetBackedUpAsync(Env env, string root)
    {
        var admin = env.Controller.Admin();
        var set = await admin.CreateSetAsync(new CreateSetRequest { Name = "old", RecoveryPassphrase = Env.Passphrase }, cancellationToken: Ct);
        await admin.ImportLegacyTokenAsync(new ImportLegacyTokenRequest { Set = set.Id, AccessToken = Env.LegacyToken }, cancellationToken: Ct);
        var source = Path.Join(root, "source");
        Directory.CreateDirectory(source);
        File.WriteAllBytes(Path.Join(source, "a.bin"), new Random(5).GetItems<byte>([7, 8, 9], 150_000));
        var agent = await RealAgent.StartAsync(env.Controller, set.Id, Path.Join(root, "agent"), source, Ct);
        TestJobs.AssertSucceeded(await TestJobs.RunToEndAsync(admin, await admin.StartBackupAsync(new StartBackupRequest { Set = set.Id, AgentId = agent.Id }, cancellationToken: Ct)));
        return (set, source, agent);
    }

    private static async Task<T> LastAsync<T>(Grpc.Core.IAsyncStreamReader<T> stream)
        where T : class
    {
        T? last = null;
        while (await stream.MoveNext(Ct).DefaultTimeout())
        {
            last = stream.Current;
        }

        return last ?? throw new InvalidOperationException("The stream ended empty.");
    }
}
