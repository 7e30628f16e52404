using Grpc.Core;
using Microsoft.Extensions.Logging.Abstractions;
using RetroGrid.Agent.Service;
using RetroGrid.Contracts.V1;
using RetroGrid.Core.Restore;
using RetroGrid.Core.Storage;
using RetroGrid.Dropbox;
using RetroGrid.Testing;

namespace RetroGrid.Controller.Tests;

/// <summary>
/// The whole path: IT staff create and link a set, a real agent enrolls and runs a backup job and a restore job the
/// controller sends, with tokens and the set's key from the controller and the data going straight to the emulator.
/// </summary>
public sealed class EndToEndJobTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task BackupThenRestoreJobs_DataRoundTripsAndTheSetOpensWithTheRecoveryPassphrase()
    {
        await using var env = await Env.StartAsync(redirect: false);
        using var directory = new TempDirectory();
        var source = WriteSource(Path.Join(directory.Path, "source"));
        var setId = await env.CreateLinkedSetAsync("laptops");
        var state = new AgentStateDirectory(Path.Join(directory.Path, "agent"));
        var admin = env.Controller.Admin();
        var token = await admin.CreateEnrollmentTokenAsync(new CreateEnrollmentTokenRequest(), cancellationToken: Ct);
        var agent = await AgentEnrollment.EnrollAsync(state, env.Controller.Host.BaseAddress, token.Token, token.CaSha256, "1.0.0", Ct);
        await admin.AssignAgentAsync(new AssignAgentRequest { Set = setId, Assignment = new Assignment { AgentId = agent.AgentId, Paths = { source } } }, cancellationToken: Ct);
        using var session = new ControllerSession(state, "1.0.0", TimeProvider.System, NullLogger.Instance);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        var running = session.RunAsync(stop.Token);

        var backup = await TestJobs.RunToEndAsync(admin, await admin.StartBackupAsync(new StartBackupRequest { Set = setId, AgentId = agent.AgentId }, cancellationToken: Ct));

        Assert.Equal(JobState.Succeeded, backup.State);
        Assert.NotEmpty(backup.SnapshotName);
        Assert.Equal(4, backup.Statistics.FilesScanned);
        var snapshot = Assert.Single((await admin.ListSnapshotsAsync(new ListSnapshotsRequest { Set = setId }, cancellationToken: Ct)).Snapshots);
        Assert.Equal((backup.SnapshotName, agent.AgentId, source, 4L), (snapshot.Name, snapshot.Summary.AgentId, Assert.Single(snapshot.Summary.Paths), snapshot.Summary.Statistics.FilesScanned));
        var top = await admin.ListSnapshotEntriesAsync(new ListSnapshotEntriesRequest { Set = setId, Snapshot = "latest" }, cancellationToken: Ct);
        Assert.Equal(("source", EntryKind.Directory), (Assert.Single(top.Entries).Name, top.Entries[0].Kind));
        var docs = await admin.ListSnapshotEntriesAsync(new ListSnapshotEntriesRequest { Set = setId, Snapshot = backup.SnapshotName[..8], Path = "source/docs" }, cancellationToken: Ct);
        Assert.Equal(["deep", "random.bin"], docs.Entries.Select(e => e.Name));
        Assert.Equal(300_000, docs.Entries[1].Size);
        Assert.Equal(1, (await admin.GetSetAsync(new GetSetRequest { Set = setId }, cancellationToken: Ct)).SnapshotCount);
        var status = await admin.GetStatusAsync(new GetStatusRequest(), cancellationToken: Ct);
        Assert.Equal((1, 1, 1), (status.Agents, status.AgentsOnline, status.Sets));
        var target = Path.Join(directory.Path, "restored-by-agent");
        var restore = await TestJobs.RunToEndAsync(admin, await admin.StartRestoreAsync(
            new StartRestoreRequest { Set = setId, AgentId = agent.AgentId, Snapshot = "latest", Target = target }, cancellationToken: Ct));
        Assert.Equal(JobState.Succeeded, restore.State);
        TestJobs.AssertSameFiles(source, Path.Join(target, "source"));

        // Without the controller: the folder on Dropbox is a set that the recovery passphrase opens.
        using var http = new HttpClient();
        var options = new DropboxClientOptions { ApiBaseAddress = env.EmulatorHost.BaseAddress, ContentBaseAddress = env.EmulatorHost.BaseAddress };
        var store = new DropboxStore(new DropboxClient(http, new StaticDropboxTokenSource(Env.LegacyToken), options), "/RetroGrid/laptops");
        var set = await Core.Repository.BackupSet.OpenAsync(store, Env.Passphrase, Ct);
        Assert.Equal([backup.SnapshotName], await set.ListSnapshotsAsync(Ct));
        var recovered = Path.Join(directory.Path, "recovered");
        Assert.True((await new RestoreEngine(set).RunAsync(new RestoreRequest(backup.SnapshotName, recovered), null, Ct)).IsComplete);
        TestJobs.AssertSameFiles(source, Path.Join(recovered, "source"));

        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => running.DefaultTimeout());
    }

    [Fact]
    public async Task ControllerRestartsDuringABackup_JobStillEndsSucceededAndTheSnapshotIsUsable()
    {
        await using var env = await Env.StartAsync(redirect: false);
        using var directory = new TempDirectory();
        var source = WriteSource(Path.Join(directory.Path, "source"));
        var setId = await env.CreateLinkedSetAsync("laptops");
        var admin = env.Controller.Admin();
        var token = await admin.CreateEnrollmentTokenAsync(new CreateEnrollmentTokenRequest(), cancellationToken: Ct);
        var state = new AgentStateDirectory(Path.Join(directory.Path, "agent"));
        var agent = await AgentEnrollment.EnrollAsync(state, env.Controller.Host.BaseAddress, token.Token, token.CaSha256, "1.0.0", Ct);
        await admin.AssignAgentAsync(new AssignAgentRequest { Set = setId, Assignment = new Assignment { AgentId = agent.AgentId, Paths = { source } } }, cancellationToken: Ct);
        var welcomes = 0;
        var reconnected = new TaskCompletionSource();
        using var session = new ControllerSession(state, "1.0.0", TimeProvider.System, NullLogger.Instance)
        {
            Welcomed = _ =>
            {
                if (Interlocked.Increment(ref welcomes) == 2)
                {
                    reconnected.TrySetResult();
                }
            },
        };
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        var running = session.RunAsync(stop.Token);

        // Every commit of the job waits three seconds in "Dropbox": the controller restarts while the job runs.
        await env.Emulator.DelayAsync("files/upload_session/finish_batch_v2", 3000, 10);
        var job = await admin.StartBackupAsync(new StartBackupRequest { Set = setId, AgentId = agent.AgentId }, cancellationToken: Ct);
        using (var watch = admin.WatchJob(new WatchJobRequest { JobId = job.Id }, cancellationToken: Ct))
        {
            while (await watch.ResponseStream.MoveNext(Ct).DefaultTimeout() && watch.ResponseStream.Current.State != JobState.Running)
            {
            }
        }

        await env.Controller.RestartAsync(Ct);
        Assert.Equal(JobState.Running, Assert.Single((await env.Controller.Admin().ListJobsAsync(new ListJobsRequest(), cancellationToken: Ct)).Jobs).State);
        await reconnected.Task.DefaultTimeout();
        var ended = TestJobs.AssertSucceeded(await TestJobs.RunToEndAsync(env.Controller.Admin(), job));

        var target = Path.Join(directory.Path, "restored");
        var restore = await TestJobs.RunToEndAsync(env.Controller.Admin(), await env.Controller.Admin().StartRestoreAsync(
            new StartRestoreRequest { Set = setId, AgentId = agent.AgentId, Snapshot = ended.SnapshotName, Target = target }, cancellationToken: Ct));
        Assert.Equal(JobState.Succeeded, restore.State);
        TestJobs.AssertSameFiles(source, Path.Join(target, "source"));
        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => running.DefaultTimeout());
    }

    [Fact]
    public async Task OpenSetAndTokens_WithoutARunningJob_Refused()
    {
        await using var env = await Env.StartAsync(redirect: false);
        var setId = await env.CreateLinkedSetAsync("laptops");
        using var agent = await ScriptedAgent.EnrollAsync(env.Controller, Ct);

        var open = await Assert.ThrowsAsync<RpcException>(() => agent.Client.OpenSetAsync(new OpenSetRequest { SetId = setId, JobId = "job-none" }, cancellationToken: Ct).ResponseAsync);
        var grant = await Assert.ThrowsAsync<RpcException>(() => agent.Client.GetAccessTokenAsync(
            new GetAccessTokenRequest { SetId = setId, JobId = "job-none", Purpose = TokenPurpose.Backup }, cancellationToken: Ct).ResponseAsync);

        Assert.Equal("RG3032", open.Trailers.GetValue("retrogrid-error-code"));
        Assert.Equal("RG3032", grant.Trailers.GetValue("retrogrid-error-code"));
    }

    private static string WriteSource(string root)
    {
        Directory.CreateDirectory(Path.Join(root, "docs", "deep"));
        File.WriteAllText(Path.Join(root, "readme.txt"), "RetroGrid end to end\n");
        File.WriteAllBytes(Path.Join(root, "docs", "random.bin"), new Random(4).GetItems<byte>([.. Enumerable.Range(0, 256).Select(i => (byte)i)], 300_000));
        File.WriteAllText(Path.Join(root, "docs", "deep", "ünïcode name.txt"), "héllo");
        File.WriteAllBytes(Path.Join(root, "empty"), []);
        return root;
    }
}
