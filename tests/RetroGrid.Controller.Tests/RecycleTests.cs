using Grpc.Core;
using RetroGrid.Contracts.V1;
using RetroGrid.Dropbox;
using RetroGrid.Testing;

namespace RetroGrid.Controller.Tests;

/// <summary>Recycling a set: its jobs end, its data leaves Dropbox and the catalog, and the next backup is complete again.</summary>
public sealed class RecycleTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task RecycleDuringARunningBackup_JobEnds_SetEmptied_NextBackupCompleteAndRestores()
    {
        await using var env = await Env.StartAsync(redirect: false);
        using var directory = new TempDirectory();
        var setId = await env.CreateLinkedSetAsync("office");
        var source = Path.Join(directory.Path, "source");
        Directory.CreateDirectory(source);
        for (var i = 0; i < 3; i++)
        {
            File.WriteAllBytes(Path.Join(source, $"f{i}.bin"), new Random(i).GetItems<byte>([1, 2, 3, 4, 5, 6], 200_000));
        }

        var admin = env.Controller.Admin();
        await using var agent = await RealAgent.StartAsync(env.Controller, setId, Path.Join(directory.Path, "agent"), source, Ct);
        var first = await TestJobs.RunToEndAsync(admin, await admin.StartBackupAsync(new StartBackupRequest { Set = setId, AgentId = agent.Id }, cancellationToken: Ct));
        TestJobs.AssertSucceeded(first);

        // A second backup is held in "Dropbox" while the set is recycled under it.
        File.WriteAllBytes(Path.Join(source, "new.bin"), new Random(9).GetItems<byte>([7, 8], 100_000));
        await env.Emulator.DelayAsync("files/upload_session/start", 1500, 3);
        var running = await admin.StartBackupAsync(new StartBackupRequest { Set = setId, AgentId = agent.Id }, cancellationToken: Ct);
        await WaitUntilRunningAsync(admin, running.Id);
        var unconfirmed = await Assert.ThrowsAsync<RpcException>(() => admin.RecycleSetAsync(new RecycleSetRequest { Set = setId, Confirm = "wrong" }, cancellationToken: Ct).ResponseAsync);
        var recycled = await admin.RecycleSetAsync(new RecycleSetRequest { Set = setId, Confirm = "office" }, cancellationToken: Ct);
        var ended = await TestJobs.RunToEndAsync(admin, running);

        Assert.Equal("RG3040", unconfirmed.Trailers.GetValue("retrogrid-error-code"));
        Assert.Equal(1, recycled.JobsEnded);
        Assert.Equal(1, recycled.SnapshotsRemoved);
        Assert.True(recycled.PacksRemoved >= 2, $"{recycled.PacksRemoved} packs removed");
        Assert.Equal((JobState.Cancelled, "RG3039"), (ended.State, ended.Error?.Code));
        var emptied = await admin.GetSetAsync(new GetSetRequest { Set = setId }, cancellationToken: Ct);
        Assert.Equal((0L, 0L, 0L), (emptied.SnapshotCount, emptied.PackCount, emptied.StoredBytes));
        Assert.Equal(["config", "keys"], await TopLevelAsync(env, "/RetroGrid/office"));

        var next = await TestJobs.RunToEndAsync(admin, await admin.StartBackupAsync(new StartBackupRequest { Set = setId, AgentId = agent.Id }, cancellationToken: Ct));
        Assert.True(next.State == JobState.Succeeded, $"{next.State} {next.Error?.Code} {next.Error?.Message}");
        Assert.True(next.Statistics.BytesNew >= (3 * 200_000) + 100_000, $"{next.Statistics.BytesNew} new bytes");
        var target = Path.Join(directory.Path, "restored");
        var restore = await TestJobs.RunToEndAsync(admin, await admin.StartRestoreAsync(
            new StartRestoreRequest { Set = setId, AgentId = agent.Id, Snapshot = "latest", Target = target }, cancellationToken: Ct));
        Assert.Equal(JobState.Succeeded, restore.State);
        TestJobs.AssertSameFiles(source, Path.Join(target, "source"));
    }

    private static async Task WaitUntilRunningAsync(AdminService.AdminServiceClient admin, string jobId)
    {
        using var watch = admin.WatchJob(new WatchJobRequest { JobId = jobId }, cancellationToken: Ct);
        while (await watch.ResponseStream.MoveNext(Ct).DefaultTimeout() && watch.ResponseStream.Current.State != JobState.Running)
        {
        }
    }

    private static async Task<List<string>> TopLevelAsync(Env env, string folder)
    {
        using var http = new HttpClient();
        var dropbox = new DropboxClient(http, new StaticDropboxTokenSource(Env.LegacyToken), new DropboxClientOptions { ApiBaseAddress = env.EmulatorHost.BaseAddress, ContentBaseAddress = env.EmulatorHost.BaseAddress });
        var listing = await dropbox.ListFolderAsync(folder, cancellationToken: Ct);
        return [.. listing.Entries.Select(e => e.Name).Order(StringComparer.Ordinal)];
    }
}
