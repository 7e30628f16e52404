using System.Security.Cryptography;
using Grpc.Core;
using RetroGrid.Contracts.V1;
using RetroGrid.Core.Crypto;
using RetroGrid.Dropbox;

namespace RetroGrid.Controller.Tests;

/// <summary>The commit coordinator as an agent sees it: hand over a closed upload session, get the committed pack back.</summary>
public sealed class CommitPackTests
{
    private const string FinishBatch = "files/upload_session/finish_batch_v2";

    /// <summary>A pack's header: magic and version (docs/format.md).</summary>
    private const int PackHeaderSize = 6;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task SamePackHandedOverThreeTimes_CommittedOnce_EveryCallAnswered()
    {
        await using var env = await Env.StartAsync(redirect: false);
        var (agent, setId, job, dropbox) = await RunningBackupAsync(env);
        using (agent)
        using (dropbox)
        {
            var request = await UploadPackAsync(dropbox.Client, setId, job, seed: 1);
            await env.Emulator.ResetCountersAsync(Ct);

            var answers = await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => agent.Client.CommitPackAsync(request, cancellationToken: Ct).ResponseAsync));
            var again = await agent.Client.CommitPackAsync(request, cancellationToken: Ct);

            Assert.Equal(1, await env.Emulator.CounterAsync(FinishBatch, Ct));
            Assert.All(answers.Append(again), a => Assert.Equal(($"/RetroGrid/office/packs/{request.PackName[..2]}/{request.PackName}", request.ContentHash), (a.Path, a.ContentHash)));
            var set = await env.Controller.Admin().GetSetAsync(new GetSetRequest { Set = setId }, cancellationToken: Ct);
            Assert.Equal((1, request.Length), (set.PackCount, set.StoredBytes));
        }
    }

    [Fact]
    public async Task SessionCommittedByAnEarlierCallWhoseAnswerWasLost_Accepted()
    {
        await using var env = await Env.StartAsync(redirect: false);
        var (agent, setId, job, dropbox) = await RunningBackupAsync(env);
        using (agent)
        using (dropbox)
        {
            var request = await UploadPackAsync(dropbox.Client, setId, job, seed: 2);
            var path = $"/RetroGrid/office/packs/{request.PackName[..2]}/{request.PackName}";
            var earlier = await dropbox.Client.FinishUploadBatchAsync(
                [new DropboxFinishBatchEntry(new DropboxUploadSessionCursor(request.UploadSessionId, request.Length), new DropboxCommitInfo(path))], Ct);
            Assert.NotNull(Assert.Single(earlier).Metadata);

            var answer = await agent.Client.CommitPackAsync(request, cancellationToken: Ct);

            Assert.Equal(path, answer.Path);
        }
    }

    [Fact]
    public async Task MalformedPacks_RefusedBeforeDropboxSeesThem()
    {
        await using var env = await Env.StartAsync(redirect: false);
        var (agent, setId, job, dropbox) = await RunningBackupAsync(env);
        using (agent)
        using (dropbox)
        {
            var good = await UploadPackAsync(dropbox.Client, setId, job, seed: 3);
            await env.Emulator.ResetCountersAsync(Ct);
            var badName = good.Clone();
            badName.PackName = "../../elsewhere";
            var gap = good.Clone();
            gap.Entries[0].Offset += 1;
            var truncated = good.Clone();
            truncated.Length = PackHeaderSize + 100;
            var noEntries = good.Clone();
            noEntries.Entries.Clear();

            foreach (var request in new[] { badName, gap, truncated, noEntries })
            {
                var refused = await Assert.ThrowsAsync<RpcException>(() => agent.Client.CommitPackAsync(request, cancellationToken: Ct).ResponseAsync);
                Assert.Equal("RG3036", refused.Trailers.GetValue("retrogrid-error-code"));
            }

            Assert.Equal(0, await env.Emulator.CounterAsync(FinishBatch, Ct));
        }
    }

    [Fact]
    public async Task KeysTokensCommitsAndDedup_OnlyForTheAgentsOwnRunningBackup_NotForAnotherAgentNamingIt()
    {
        await using var env = await Env.StartAsync(redirect: false);
        var (agent, setId, job, dropbox) = await RunningBackupAsync(env);
        using (agent)
        using (dropbox)
        using (var other = await ScriptedAgent.EnrollAsync(env.Controller, Ct))
        {
            var request = await UploadPackAsync(dropbox.Client, setId, job, seed: 4);

            // Another enrolled agent, not assigned to the set, naming the running job of the first.
            var open = await Assert.ThrowsAsync<RpcException>(() => other.Client.OpenSetAsync(new OpenSetRequest { SetId = setId, JobId = job }, cancellationToken: Ct).ResponseAsync);
            var grant = await Assert.ThrowsAsync<RpcException>(() => other.Client.GetAccessTokenAsync(
                new GetAccessTokenRequest { SetId = setId, JobId = job, Purpose = TokenPurpose.Backup }, cancellationToken: Ct).ResponseAsync);
            var commit = await Assert.ThrowsAsync<RpcException>(() => other.Client.CommitPackAsync(request, cancellationToken: Ct).ResponseAsync);
            var find = await Assert.ThrowsAsync<RpcException>(() => other.Client.FindMissingBlobsAsync(
                new FindMissingBlobsRequest { SetId = setId, JobId = job, BlobIds = { request.Entries[0].BlobId } }, cancellationToken: Ct).ResponseAsync);
            var confirm = await Assert.ThrowsAsync<RpcException>(() => other.Client.ConfirmBlobsAsync(new ConfirmBlobsRequest { SetId = setId, JobId = job }, cancellationToken: Ct).ResponseAsync);

            Assert.All(new[] { open, grant, commit, find, confirm }, refused => Assert.Equal("RG3032", refused.Trailers.GetValue("retrogrid-error-code")));
        }
    }

    [Fact]
    public async Task FindMissingBlobs_CommittedPackIsHeld_UnknownIdsMissing_MalformedIdsRefused()
    {
        await using var env = await Env.StartAsync(redirect: false);
        var (agent, setId, job, dropbox) = await RunningBackupAsync(env);
        using (agent)
        using (dropbox)
        {
            var request = await UploadPackAsync(dropbox.Client, setId, job, seed: 5);
            await agent.Client.CommitPackAsync(request, cancellationToken: Ct);
            var unknown = Google.Protobuf.ByteString.CopyFrom(RandomNumberGenerator.GetBytes(32));

            var answer = await agent.Client.FindMissingBlobsAsync(
                new FindMissingBlobsRequest { SetId = setId, JobId = job, BlobIds = { request.Entries[0].BlobId, unknown, request.Entries[1].BlobId } }, cancellationToken: Ct);
            var malformed = await Assert.ThrowsAsync<RpcException>(() => agent.Client.FindMissingBlobsAsync(
                new FindMissingBlobsRequest { SetId = setId, JobId = job, BlobIds = { Google.Protobuf.ByteString.CopyFrom(new byte[31]) } }, cancellationToken: Ct).ResponseAsync);

            Assert.Equal([1u], answer.MissingIndexes);
            Assert.Equal("RG3036", malformed.Trailers.GetValue("retrogrid-error-code"));
        }
    }

    /// <summary>A linked set, a scripted agent assigned to it and running a backup job, and a Dropbox client with the job's token.</summary>
    private static async Task<(ScriptedAgent Agent, string SetId, string JobId, TestDropbox Dropbox)> RunningBackupAsync(Env env)
    {
        var setId = await env.CreateLinkedSetAsync("office");
        var agent = await ScriptedAgent.EnrollAsync(env.Controller, Ct);
        var admin = env.Controller.Admin();
        await admin.AssignAgentAsync(new AssignAgentRequest { Set = setId, Assignment = new Assignment { AgentId = agent.Id, Paths = { "/home" } } }, cancellationToken: Ct);
        await agent.ConnectAsync(Ct);
        var job = await admin.StartBackupAsync(new StartBackupRequest { Set = setId, AgentId = agent.Id }, cancellationToken: Ct);
        Assert.Equal(job.Id, (await agent.NextAsync(Ct)).StartJob.JobId);
        await agent.Client.OpenSetAsync(new OpenSetRequest { SetId = setId, JobId = job.Id }, cancellationToken: Ct);
        var token = await agent.Client.GetAccessTokenAsync(new GetAccessTokenRequest { SetId = setId, JobId = job.Id, Purpose = TokenPurpose.Backup }, cancellationToken: Ct);
        return (agent, setId, job.Id, new TestDropbox(env.EmulatorHost.BaseAddress, token.AccessToken));
    }

    /// <summary>Uploads bytes laid out as a pack of two uncompressed blobs into a closed session; the request that hands it over.</summary>
    private static async Task<CommitPackRequest> UploadPackAsync(DropboxClient client, string setId, string jobId, int seed)
    {
        var random = new Random(seed);
        var bytes = new byte[PackHeaderSize + (2 * (100 + AeadSealer.Overhead)) + 64];
        random.NextBytes(bytes);
        var session = await client.StartUploadSessionAsync(Ct);
        await session.AppendAsync(bytes, Ct);
        await session.CloseAsync(Ct);
        var request = new CommitPackRequest
        {
            SetId = setId,
            JobId = jobId,
            PackName = Convert.ToHexStringLower(SHA256.HashData(bytes)),
            UploadSessionId = session.SessionId,
            Length = bytes.Length,
            ContentHash = DropboxContentHasher.Compute(bytes),
            Kind = StoredObjectKind.Pack,
        };
        for (var i = 0; i < 2; i++)
        {
            request.Entries.Add(new PackEntry
            {
                BlobId = Google.Protobuf.ByteString.CopyFrom(RandomNumberGenerator.GetBytes(32)),
                Type = BlobType.Data,
                Offset = PackHeaderSize + (i * (100 + AeadSealer.Overhead)),
                Length = 100 + AeadSealer.Overhead,
                RawLength = 100,
            });
        }

        return request;
    }

    /// <summary>A Dropbox client for the emulator with a fixed token.</summary>
    private sealed class TestDropbox(Uri emulator, string token) : IDisposable
    {
        private readonly HttpClient _http = new();

        public DropboxClient Client => new(_http, new StaticDropboxTokenSource(token), new DropboxClientOptions { ApiBaseAddress = emulator, ContentBaseAddress = emulator });

        public void Dispose() => _http.Dispose();
    }
}
