using RetroGrid.Core.Crypto;
using RetroGrid.Core.Hashing;
using RetroGrid.Core.Repository;
using RetroGrid.Core.Storage;
using RetroGrid.Core.Tests.Formats;
using RetroGrid.Core.Tests.Storage;
using RetroGrid.Testing;

namespace RetroGrid.Core.Tests.Repository;

public sealed class BackupSetDropboxTests(DropboxEmulatorFixture emulator) : IClassFixture<DropboxEmulatorFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task InitBackupReopen_OverDropbox_SnapshotTreeAndBlobsRoundTrip()
    {
        var folder = $"/sets/{Guid.NewGuid():N}";
        await using var store = new DropboxStore(emulator.CreateClient(), folder);
        var options = new BackupSetOptions { Kdf = new KdfParameters(KdfAlgorithm.Argon2id, 8, 1, 1) };
        var set = await BackupSet.InitAsync(store, "pass", null, options, Ct).DefaultTimeout();
        var (treeId, tree) = set.EncodeTree(FormatTestData.Tree());
        var data = FormatTestData.RandomBytes(100_000, seed: 3);
        var dataId = set.IdHasher.Compute(data);
        await using (var upload = await store.BeginPackUploadAsync(Ct))
        {
            using var writer = set.CreatePackWriter(upload);
            await writer.AddAsync(dataId, BlobType.Data, data, Ct);
            await writer.AddAsync(treeId, BlobType.Tree, tree, Ct);
            await set.CommitPackAsync(upload, await writer.FinishAsync(Ct), Ct).DefaultTimeout();
        }

        await set.WriteIndexFileAsync(Ct).DefaultTimeout();
        var snapshot = await set.SaveSnapshotAsync(FormatTestData.Snapshot() with { RootTree = treeId }, Ct).DefaultTimeout();

        await using var reopenedStore = new DropboxStore(emulator.CreateClient(), folder);
        var reopened = await BackupSet.OpenAsync(reopenedStore, "pass", Ct).DefaultTimeout();
        Assert.Equal(1, reopened.IndexLoad!.PacksFromIndexFiles);
        var loaded = await reopened.LoadSnapshotAsync(snapshot, Ct).DefaultTimeout();
        Assert.Equal(5, (await reopened.LoadTreeAsync(loaded.RootTree, Ct).DefaultTimeout()).Nodes.Count);
        Assert.Equal(data, await reopened.ReadBlobAsync(dataId, Ct).DefaultTimeout());
    }
}
