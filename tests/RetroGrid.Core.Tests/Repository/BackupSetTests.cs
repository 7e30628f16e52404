using RetroGrid.Core.Chunking;
using RetroGrid.Core.Crypto;
using RetroGrid.Core.Errors;
using RetroGrid.Core.Hashing;
using RetroGrid.Core.Repository;
using RetroGrid.Core.Storage;
using RetroGrid.Core.Tests.Formats;
using RetroGrid.Core.Tests.Storage;
using RetroGrid.Testing;

namespace RetroGrid.Core.Tests.Repository;

public class BackupSetTests
{
    private const string Passphrase = "correct horse battery staple";
    private static readonly byte[] Kek = Enumerable.Range(100, 32).Select(i => (byte)i).ToArray();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Argon2id at its smallest cost, so tests do not spend 0.7 s per unwrap.</summary>
    private static BackupSetOptions Options() => new()
    {
        Kdf = new KdfParameters(KdfAlgorithm.Argon2id, 8, 1, 1),
        Chunker = new ChunkerParameters(64 * 1024, 256 * 1024, 1024 * 1024, new byte[32]),
        PackTargetSize = 1024 * 1024,
    };

    [Fact]
    public async Task InitThenOpen_WithPassphrase_SameConfigAndParameters()
    {
        using var folder = new TempDirectory();
        var store = new LocalFolderStore(folder.Path);
        var created = await BackupSet.InitAsync(store, Passphrase, Kek, Options(), Ct).DefaultTimeout();

        var opened = await BackupSet.OpenAsync(store, Passphrase, Ct).DefaultTimeout();

        Assert.Equal(created.Config.SetId, opened.Config.SetId);
        Assert.Equal(created.Config.ChunkerSeed, opened.Config.ChunkerSeed);
        Assert.Equal(Options().Chunker, opened.ChunkerParameters);
        Assert.Equal(1024 * 1024, opened.Config.PackTargetSize);
        Assert.Equal(2, await store.ListAsync(BackupObjectKind.Key, Ct).CountAsync(Ct));
    }

    [Fact]
    public async Task Open_WithKek_Opens()
    {
        var store = new InMemoryBackupStore();
        var created = await BackupSet.InitAsync(store, Passphrase, Kek, Options(), Ct);

        var opened = await BackupSet.OpenWithKekAsync(store, Kek, Ct);

        Assert.Equal(created.Config.SetId, opened.Config.SetId);
    }

    [Fact]
    public async Task Open_WrongPassphrase_WrongKey()
    {
        var store = new InMemoryBackupStore();
        await BackupSet.InitAsync(store, Passphrase, null, Options(), Ct);

        var error = await Assert.ThrowsAsync<RetroGridFormatException>(() => BackupSet.OpenAsync(store, "wrong", Ct));

        Assert.Equal(FormatErrorCodes.WrongKey, error.Code);
    }

    [Fact]
    public async Task Open_EmptyStore_MissingConfig()
    {
        var error = await Assert.ThrowsAsync<RetroGridFormatException>(() => BackupSet.OpenAsync(new InMemoryBackupStore(), Passphrase, Ct));

        Assert.Equal(FormatErrorCodes.WrongKey, error.Code); // no key file opens: there are none
    }

    [Fact]
    public async Task Init_Twice_Refused()
    {
        var store = new InMemoryBackupStore();
        await BackupSet.InitAsync(store, Passphrase, null, Options(), Ct);

        await Assert.ThrowsAsync<InvalidOperationException>(() => BackupSet.InitAsync(store, Passphrase, null, Options(), Ct));
    }

    [Fact]
    public async Task Snapshots_SaveListLoad_RoundTrip()
    {
        var set = await BackupSet.InitAsync(new InMemoryBackupStore(), Passphrase, null, Options(), Ct);

        var name = await set.SaveSnapshotAsync(FormatTestData.Snapshot(), Ct);

        Assert.Equal([name], await set.ListSnapshotsAsync(Ct));
        var loaded = await set.LoadSnapshotAsync(name, Ct);
        Assert.Equal(FormatTestData.Snapshot().RootTree, loaded.RootTree);
        Assert.Equal(FormatTestData.Snapshot().Warnings.Single(), loaded.Warnings.Single());
    }

    [Fact]
    public async Task Snapshot_Tampered_CorruptNamingIt()
    {
        var store = new InMemoryBackupStore();
        var set = await BackupSet.InitAsync(store, Passphrase, null, Options(), Ct);
        var name = await set.SaveSnapshotAsync(FormatTestData.Snapshot(), Ct);
        store.Objects[InMemoryBackupStore.Key(BackupObjectKind.Snapshot, name)][30] ^= 1;

        var error = await Assert.ThrowsAsync<RetroGridFormatException>(() => set.LoadSnapshotAsync(name, Ct));

        Assert.Equal(FormatErrorCodes.CorruptObject, error.Code);
        Assert.Equal($"snapshots/{name}", error.ObjectName);
    }

    [Fact]
    public async Task Trees_WrittenInPackCommitted_LoadAfterReopenFromTrailerThenIndexFile()
    {
        var store = new InMemoryBackupStore();
        var set = await BackupSet.InitAsync(store, Passphrase, null, Options(), Ct);
        var (treeId, plaintext) = set.EncodeTree(FormatTestData.Tree());
        var data = FormatTestData.RandomBytes(5000, seed: 8);
        var dataId = set.IdHasher.Compute(data);
        await using (var upload = await store.BeginPackUploadAsync(Ct))
        {
            using var writer = set.CreatePackWriter(upload);
            await writer.AddAsync(treeId, BlobType.Tree, plaintext, Ct);
            await writer.AddAsync(dataId, BlobType.Data, data, Ct);
            await set.CommitPackAsync(upload, await writer.FinishAsync(Ct), Ct);
        }

        Assert.Empty(await set.Index.FindMissingAsync([treeId, dataId], Ct));
        var reopened = await BackupSet.OpenAsync(store, Passphrase, Ct);
        Assert.Single(reopened.IndexLoad!.PacksFromTrailers);
        Assert.Equal(FormatTestData.Tree().Nodes.Select(n => n.Name), (await reopened.LoadTreeAsync(treeId, Ct)).Nodes.Select(n => n.Name));
        Assert.Equal(data, await reopened.ReadBlobAsync(dataId, Ct));

        Assert.NotNull(await set.WriteIndexFileAsync(Ct));
        Assert.Null(await set.WriteIndexFileAsync(Ct));
        var third = await BackupSet.OpenAsync(store, Passphrase, Ct);
        Assert.Equal(1, third.IndexLoad!.PacksFromIndexFiles);
        Assert.Empty(third.IndexLoad.PacksFromTrailers);
    }

    [Fact]
    public async Task LoadTree_UnknownOrDataBlob_MissingOrCorrupt()
    {
        var store = new InMemoryBackupStore();
        var set = await BackupSet.InitAsync(store, Passphrase, null, Options(), Ct);
        var data = "not a tree"u8.ToArray();
        var dataId = set.IdHasher.Compute(data);
        await using (var upload = await store.BeginPackUploadAsync(Ct))
        {
            using var writer = set.CreatePackWriter(upload);
            await writer.AddAsync(dataId, BlobType.Data, data, Ct);
            await set.CommitPackAsync(upload, await writer.FinishAsync(Ct), Ct);
        }

        var missing = await Assert.ThrowsAsync<RetroGridFormatException>(() => set.LoadTreeAsync(FormatTestData.Id(1), Ct));
        var wrongType = await Assert.ThrowsAsync<RetroGridFormatException>(() => set.LoadTreeAsync(dataId, Ct));

        Assert.Equal(FormatErrorCodes.MissingObject, missing.Code);
        Assert.Equal(FormatErrorCodes.CorruptObject, wrongType.Code);
        Assert.Contains("not a tree", wrongType.Message, StringComparison.Ordinal);
    }
}
