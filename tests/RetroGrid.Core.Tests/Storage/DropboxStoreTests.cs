using Microsoft.Extensions.Time.Testing;
using RetroGrid.Core.Hashing;
using RetroGrid.Core.Storage;
using RetroGrid.Core.Tests.Formats;
using RetroGrid.Core.Tests.Packs;
using RetroGrid.Dropbox;
using RetroGrid.Testing;

namespace RetroGrid.Core.Tests.Storage;

public sealed class DropboxStoreTests(DropboxEmulatorFixture emulator) : BackupStoreContractTests, IClassFixture<DropboxEmulatorFixture>
{
    private readonly string _folder = $"/sets/{Guid.NewGuid():N}";

    [Fact]
    public async Task Packs_CompletedTogether_CommittedInOneFinishBatch()
    {
        var client = emulator.CreateClient();
        await using var committer = new FinishBatchPackCommitter(client, new FinishBatchPackCommitterOptions { BatchSize = 3, FlushDelay = TimeSpan.FromHours(1) });
        var store = new DropboxStore(client, _folder, committer);
        var before = await emulator.CounterAsync("files/upload_session/finish_batch_v2", Ct);

        var commits = new List<Task<BackupObjectInfo>>();
        for (var i = 0; i < 3; i++)
        {
            var upload = await store.BeginPackUploadAsync(Ct);
            await upload.WriteAsync(new byte[100 + i], Ct);
            commits.Add(upload.CompleteAsync(new string((char)('a' + i), 64), [], Ct));
        }

        var infos = await Task.WhenAll(commits).DefaultTimeout();

        Assert.Equal([100L, 101, 102], infos.Select(i => i.Size));
        Assert.Equal(DropboxContentHasher.Compute(new byte[101]), infos[1].ContentHash);
        Assert.Equal(before + 1, await emulator.CounterAsync("files/upload_session/finish_batch_v2", Ct));
        Assert.Equal(3, (await store.ListAsync(BackupObjectKind.Pack, Ct).ToListAsync(Ct)).Count);
    }

    [Fact]
    public async Task Committer_LonePack_CommittedWhenTheTimerFires()
    {
        var time = new FakeTimeProvider();
        var client = emulator.CreateClient();
        await using var committer = new FinishBatchPackCommitter(client, new FinishBatchPackCommitterOptions { BatchSize = 10, FlushDelay = TimeSpan.FromSeconds(1) }, time);
        var session = await client.StartUploadSessionAsync(new byte[10], Ct);
        await session.CloseAsync(Ct);

        var commit = committer.CommitAsync(Commit(new DropboxFinishBatchEntry(session.Cursor, new DropboxCommitInfo($"{_folder}/lone"), session.ContentHash)), Ct);
        time.Advance(TimeSpan.FromMilliseconds(999));
        Assert.False(commit.IsCompleted);
        time.Advance(TimeSpan.FromMilliseconds(1));

        Assert.Equal(10, (await commit.DefaultTimeout()).Size);
    }

    [Fact]
    public async Task Committer_Flush_CommitsWithoutWaitingForBatchOrTimer()
    {
        var client = emulator.CreateClient();
        await using var committer = new FinishBatchPackCommitter(client, new FinishBatchPackCommitterOptions { BatchSize = 10, FlushDelay = TimeSpan.FromHours(1) });
        var session = await client.StartUploadSessionAsync(new byte[7], Ct);
        await session.CloseAsync(Ct);
        var commit = committer.CommitAsync(Commit(new DropboxFinishBatchEntry(session.Cursor, new DropboxCommitInfo($"{_folder}/flushed"))), Ct);

        await committer.FlushAsync(Ct).DefaultTimeout();

        var committed = Assert.IsType<DropboxFileMetadata>(await client.GetMetadataAsync($"{_folder}/flushed", cancellationToken: Ct));
        Assert.Equal(7, committed.Size);
        Assert.Equal(7, (await commit.DefaultTimeout()).Size);
    }

    [Fact]
    public async Task Committer_FailedEntry_ReportedToItsCallerOnly()
    {
        var client = emulator.CreateClient();
        await using var committer = new FinishBatchPackCommitter(client, new FinishBatchPackCommitterOptions { BatchSize = 2, FlushDelay = TimeSpan.FromHours(1) });
        var session = await client.StartUploadSessionAsync(new byte[5], Ct);
        await session.CloseAsync(Ct);
        var good = committer.CommitAsync(Commit(new DropboxFinishBatchEntry(session.Cursor, new DropboxCommitInfo($"{_folder}/good"))), Ct);
        var bad = committer.CommitAsync(Commit(new DropboxFinishBatchEntry(new DropboxUploadSessionCursor("no-such-session", 5), new DropboxCommitInfo($"{_folder}/bad"))), Ct);

        Assert.Equal(5, (await good.DefaultTimeout()).Size);
        var error = await Assert.ThrowsAsync<DropboxApiException>(() => bad.DefaultTimeout());
        Assert.StartsWith("lookup_failed", error.TagPath, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Pack_WithTransientFaultsOnEveryRoute_CommittedOnceAndReadsBackIdentical()
    {
        await using var store = new DropboxStore(emulator.CreateClient(), _folder);
        var blobs = PackTestKit.SampleBlobs().Append((Type: BlobType.Data, Plaintext: FormatTestData.RandomBytes(9 * 1024 * 1024, seed: 12))).ToList();
        await emulator.SetFaultsAsync(
            Ct,
            ("files/upload_session/start", "connection_reset", 1),
            ("files/upload_session/append_v2", "http_503", 2),
            ("files/upload_session/finish_batch_v2", "lost_response", 1),
            ("files/download", "http_500", 1));

        var (result, stored) = await PackTestKit.WriteAndCompletePackAsync(store, blobs, Ct).DefaultTimeout();

        var reader = PackTestKit.Reader();
        var entries = await reader.ReadIndexAsync(store, result.Name, result.Length, Ct).DefaultTimeout();
        for (var i = 0; i < blobs.Count; i++)
        {
            Assert.Equal(blobs[i].Plaintext, await reader.ReadBlobAsync(store, result.Name, entries[i], Ct).DefaultTimeout());
        }

        var listed = Assert.Single(await store.ListAsync(BackupObjectKind.Pack, Ct).ToListAsync(Ct));
        Assert.Equal(stored.ContentHash, listed.ContentHash);
        Assert.NotNull(listed.ContentHash);
        await emulator.SetFaultsAsync(Ct);
    }

    protected override Task<IBackupStore> CreateStoreAsync(CancellationToken cancellationToken) =>
        Task.FromResult<IBackupStore>(new DropboxStore(emulator.CreateClient(), _folder));

    private static PackCommit Commit(DropboxFinishBatchEntry session) => new(new string('0', 64), session, []);
}
