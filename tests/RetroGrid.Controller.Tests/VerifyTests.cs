using RetroGrid.Contracts.V1;
using RetroGrid.Dropbox;
using RetroGrid.Testing;

namespace RetroGrid.Controller.Tests;

/// <summary>Verifying a set: storage against the catalog without downloads, structure, and data read in rotation.</summary>
public sealed class VerifyTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task SoundSet_NoProblems_DataShareRotatesThroughEveryPack()
    {
        await using var env = await Env.StartAsync(redirect: false);
        using var directory = new TempDirectory();
        var (setId, _) = await BackedUpSetAsync(env, directory.Path);

        var full = Final(await VerifyAsync(env, setId, 100));
        env.Controller.Time.Advance(TimeSpan.FromMinutes(1));
        var first = Final(await VerifyAsync(env, setId, 50));
        env.Controller.Time.Advance(TimeSpan.FromMinutes(1));
        var second = Final(await VerifyAsync(env, setId, 50));

        Assert.Empty(full.Problems);
        Assert.Equal((2L, full.Packs), (full.Snapshots, full.PacksRead));
        Assert.True(full.Packs >= 4, $"{full.Packs} packs");
        Assert.Empty(first.PacksVerified.Intersect(second.PacksVerified));
        Assert.Equal(full.PacksVerified.Order(), first.PacksVerified.Concat(second.PacksVerified).Order());
    }

    [Fact]
    public async Task PackReplacedPackAndSnapshotDeletedBehindTheControllersBack_FoundByVerify_BroughtBackByUndelete()
    {
        await using var env = await Env.StartAsync(redirect: false);
        using var directory = new TempDirectory();
        var (setId, source) = await BackedUpSetAsync(env, directory.Path);
        var packs = Final(await VerifyAsync(env, setId, 100)).PacksVerified;
        var admin = env.Controller.Admin();
        var oldest = (await admin.ListSnapshotsAsync(new ListSnapshotsRequest { Set = setId }, cancellationToken: Ct)).Snapshots[^1].Name;
        using var http = new HttpClient();
        var dropbox = new DropboxClient(http, new StaticDropboxTokenSource(Env.LegacyToken), new DropboxClientOptions { ApiBaseAddress = env.EmulatorHost.BaseAddress, ContentBaseAddress = env.EmulatorHost.BaseAddress });
        var (replaced, deleted) = (packs[0], packs[1]);
        var replacedPath = $"/RetroGrid/office/packs/{replaced[..2]}/{replaced}";
        var size = ((DropboxFileMetadata)await dropbox.GetMetadataAsync(replacedPath, cancellationToken: Ct)).Size;
        await dropbox.DeleteAsync(replacedPath, cancellationToken: Ct);
        await dropbox.UploadFileAsync(new byte[size], new DropboxCommitInfo(replacedPath), Ct);
        await dropbox.DeleteAsync($"/RetroGrid/office/packs/{deleted[..2]}/{deleted}", cancellationToken: Ct);
        await dropbox.DeleteAsync($"/RetroGrid/office/snapshots/{oldest}", cancellationToken: Ct);

        var report = Final(await VerifyAsync(env, setId, 100));

        Assert.Contains(report.Problems, p => (p.Area, p.Code) == ("storage", "content_hash") && p.Object.EndsWith(replaced, StringComparison.Ordinal));
        Assert.Contains(report.Problems, p => (p.Area, p.Code) == ("storage", "missing") && p.Object.EndsWith(deleted, StringComparison.Ordinal));
        Assert.DoesNotContain(replaced, report.PacksVerified);
        Assert.DoesNotContain(deleted, report.PacksVerified);

        var undeleted = await admin.UndeleteSetAsync(new UndeleteSetRequest { Set = setId }, cancellationToken: Ct);

        Assert.Equal(3, undeleted.Items.Count);
        Assert.All(undeleted.Items, item => Assert.True(item.Restored, $"{item.Object}: {item.Detail}"));
        var after = Final(await VerifyAsync(env, setId, 100));
        Assert.Empty(after.Problems);
        Assert.Equal(2, after.Snapshots);
        await using var agent = await RealAgent.StartAsync(env.Controller, setId, Path.Join(directory.Path, "restorer"), source, Ct);
        var target = Path.Join(directory.Path, "restored");
        var restore = await TestJobs.RunToEndAsync(admin, await admin.StartRestoreAsync(
            new StartRestoreRequest { Set = setId, AgentId = agent.Id, Snapshot = oldest, Target = target }, cancellationToken: Ct));
        Assert.Equal(JobState.Succeeded, restore.State);
        Assert.Equal(File.ReadAllBytes(Path.Join(source, "one.bin")), File.ReadAllBytes(Path.Join(target, "source", "one.bin")));
    }

    /// <summary>A linked set with two snapshots of different data (so several data and tree packs).</summary>
    private static async Task<(string SetId, string Source)> BackedUpSetAsync(Env env, string root)
    {
        var setId = await env.CreateLinkedSetAsync("office");
        var source = Path.Join(root, "source");
        Directory.CreateDirectory(source);
        File.WriteAllBytes(Path.Join(source, "one.bin"), new Random(1).GetItems<byte>([1, 2, 3], 150_000));
        var admin = env.Controller.Admin();
        await using var agent = await RealAgent.StartAsync(env.Controller, setId, Path.Join(root, "agent"), source, Ct);
        TestJobs.AssertSucceeded(await TestJobs.RunToEndAsync(admin, await admin.StartBackupAsync(new StartBackupRequest { Set = setId, AgentId = agent.Id }, cancellationToken: Ct)));
        File.WriteAllBytes(Path.Join(source, "two.bin"), new Random(2).GetItems<byte>([4, 5, 6], 150_000));
        TestJobs.AssertSucceeded(await TestJobs.RunToEndAsync(admin, await admin.StartBackupAsync(new StartBackupRequest { Set = setId, AgentId = agent.Id }, cancellationToken: Ct)));
        return (setId, source);
    }

    private static async Task<List<VerifyProgress>> VerifyAsync(Env env, string setId, int share)
    {
        using var call = env.Controller.Admin().VerifySet(new VerifySetRequest { Set = setId, DataSharePercent = share }, cancellationToken: Ct);
        var progress = new List<VerifyProgress>();
        while (await call.ResponseStream.MoveNext(Ct).DefaultTimeout())
        {
            progress.Add(call.ResponseStream.Current);
        }

        return progress;
    }

    private static VerifyProgress Final(List<VerifyProgress> progress) => Assert.Single(progress, p => p.Finished);
}
