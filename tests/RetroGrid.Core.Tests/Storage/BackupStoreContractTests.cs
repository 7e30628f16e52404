using System.Security.Cryptography;
using RetroGrid.Core.Hashing;
using RetroGrid.Core.Storage;
using RetroGrid.Core.Tests.Formats;
using RetroGrid.Core.Tests.Packs;
using RetroGrid.Dropbox;
using RetroGrid.Testing;

namespace RetroGrid.Core.Tests.Storage;

/// <summary>The behaviour every <see cref="IBackupStore"/> must have; run once per implementation.</summary>
public abstract class BackupStoreContractTests : IAsyncLifetime
{
    private static readonly string PackA = new('a', 64);

    protected IBackupStore Store { get; private set; } = null!;

    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => Store = await CreateStoreAsync(Ct);

    public virtual ValueTask DisposeAsync()
    {
        GC.SuppressFinalize(this);
        return ValueTask.CompletedTask;
    }

    [Fact]
    public async Task WriteThenRead_EachKind_RoundTrips()
    {
        var payload = FormatTestData.RandomBytes(1000, seed: 9);

        await Store.WriteAsync(BackupObjectKind.Config, "config", payload, Ct).DefaultTimeout();
        await Store.WriteAsync(BackupObjectKind.Key, "0a1b", payload.AsMemory(0, 10), Ct).DefaultTimeout();
        await Store.WriteAsync(BackupObjectKind.Snapshot, "ff00", payload.AsMemory(0, 20), Ct).DefaultTimeout();
        await Store.WriteAsync(BackupObjectKind.Index, "ee11", payload.AsMemory(0, 30), Ct).DefaultTimeout();

        Assert.Equal(payload, await Store.ReadAsync(BackupObjectKind.Config, "config", 1000, Ct).DefaultTimeout());
        Assert.Equal(payload[..10], await Store.ReadAsync(BackupObjectKind.Key, "0a1b", 1000, Ct).DefaultTimeout());
        Assert.Equal(payload[..20], await Store.ReadAsync(BackupObjectKind.Snapshot, "ff00", 1000, Ct).DefaultTimeout());
        Assert.Equal(payload[..30], await Store.ReadAsync(BackupObjectKind.Index, "ee11", 1000, Ct).DefaultTimeout());
    }

    [Fact]
    public async Task Read_Missing_FileNotFound()
    {
        await Assert.ThrowsAsync<FileNotFoundException>(() => Store.ReadAsync(BackupObjectKind.Snapshot, "abcd", 100, Ct).DefaultTimeout());
        await Assert.ThrowsAsync<FileNotFoundException>(() => ReadRangeAsync(BackupObjectKind.Pack, PackA, 0, 10).DefaultTimeout());
    }

    [Fact]
    public async Task Read_OverMaxLength_InvalidData()
    {
        await Store.WriteAsync(BackupObjectKind.Snapshot, "abcd", new byte[101], Ct).DefaultTimeout();

        await Assert.ThrowsAsync<InvalidDataException>(() => Store.ReadAsync(BackupObjectKind.Snapshot, "abcd", 100, Ct).DefaultTimeout());
    }

    [Fact]
    public async Task ReadRange_InsideAtEndAndBeyond_ReturnsAvailableBytes()
    {
        var payload = FormatTestData.RandomBytes(500, seed: 2);
        await Store.WriteAsync(BackupObjectKind.Index, "abcd", payload, Ct).DefaultTimeout();

        Assert.Equal(payload[100..150], await ReadRangeAsync(BackupObjectKind.Index, "abcd", 100, 50).DefaultTimeout());
        Assert.Equal(payload[480..], await ReadRangeAsync(BackupObjectKind.Index, "abcd", 480, 50).DefaultTimeout());
        Assert.Empty(await ReadRangeAsync(BackupObjectKind.Index, "abcd", 600, 50).DefaultTimeout());
    }

    [Fact]
    public async Task List_ByKind_NamesSizesAndNothingElse()
    {
        await Store.WriteAsync(BackupObjectKind.Snapshot, "01", new byte[3], Ct).DefaultTimeout();
        await Store.WriteAsync(BackupObjectKind.Snapshot, "02", new byte[4], Ct).DefaultTimeout();
        await Store.WriteAsync(BackupObjectKind.Index, "03", new byte[5], Ct).DefaultTimeout();

        var snapshots = await Store.ListAsync(BackupObjectKind.Snapshot, Ct).ToListAsync(Ct).AsTask().DefaultTimeout();

        Assert.Equal([("01", 3L), ("02", 4L)], snapshots.Select(s => (s.Name, s.Size)).Order());
        Assert.Empty(await Store.ListAsync(BackupObjectKind.Pack, Ct).ToListAsync(Ct).AsTask().DefaultTimeout());
        Assert.Empty(await Store.ListAsync(BackupObjectKind.Config, Ct).ToListAsync(Ct).AsTask().DefaultTimeout());
    }

    [Fact]
    public async Task Delete_ExistingAndMissing_Succeeds()
    {
        await Store.WriteAsync(BackupObjectKind.Snapshot, "01", new byte[3], Ct).DefaultTimeout();

        await Store.DeleteAsync(BackupObjectKind.Snapshot, "01", Ct).DefaultTimeout();
        await Store.DeleteAsync(BackupObjectKind.Snapshot, "02", Ct).DefaultTimeout();
        await Store.DeleteAsync(BackupObjectKind.Pack, PackA, Ct).DefaultTimeout();

        Assert.Empty(await Store.ListAsync(BackupObjectKind.Snapshot, Ct).ToListAsync(Ct).AsTask().DefaultTimeout());
    }

    [Fact]
    public async Task PackUpload_InPiecesLargerThanAChunk_InvisibleUntilCompleteThenIdentical()
    {
        var pack = FormatTestData.RandomBytes((9 * 1024 * 1024) + 123, seed: 5);
        var name = Convert.ToHexStringLower(SHA256.HashData(pack));
        await using var upload = await Store.BeginPackUploadAsync(Ct).DefaultTimeout();
        for (var offset = 0; offset < pack.Length; offset += 1_000_000)
        {
            await upload.WriteAsync(pack.AsMemory(offset, Math.Min(1_000_000, pack.Length - offset)), Ct).AsTask().DefaultTimeout();
        }

        Assert.Empty(await Store.ListAsync(BackupObjectKind.Pack, Ct).ToListAsync(Ct).AsTask().DefaultTimeout());
        var info = await upload.CompleteAsync(name, [], Ct).DefaultTimeout();

        Assert.Equal(pack.Length, info.Size);
        var listed = Assert.Single(await Store.ListAsync(BackupObjectKind.Pack, Ct).ToListAsync(Ct).AsTask().DefaultTimeout());
        Assert.Equal((name, (long)pack.Length), (listed.Name, listed.Size));
        if (listed.ContentHash is not null)
        {
            Assert.Equal(DropboxContentHasher.Compute(pack), listed.ContentHash);
        }

        Assert.Equal(pack[^5000..], await ReadRangeAsync(BackupObjectKind.Pack, name, pack.Length - 5000, 5000).DefaultTimeout());
    }

    [Fact]
    public async Task PackUpload_Aborted_LeavesNothing()
    {
        await using (var upload = await Store.BeginPackUploadAsync(Ct).DefaultTimeout())
        {
            await upload.WriteAsync(new byte[1000], Ct).AsTask().DefaultTimeout();
            await upload.AbortAsync(Ct).DefaultTimeout();
        }

        Assert.Empty(await Store.ListAsync(BackupObjectKind.Pack, Ct).ToListAsync(Ct).AsTask().DefaultTimeout());
    }

    [Fact]
    public async Task PackWriterIntoStore_ReadBackThroughPackReader_EveryBlob()
    {
        var blobs = PackTestKit.SampleBlobs();

        var result = await PackTestKit.WritePackAsync(Store, blobs, Ct).DefaultTimeout();

        var reader = PackTestKit.Reader();
        var listed = Assert.Single(await Store.ListAsync(BackupObjectKind.Pack, Ct).ToListAsync(Ct).AsTask().DefaultTimeout());
        var entries = await reader.ReadIndexAsync(Store, listed.Name, listed.Size, Ct).DefaultTimeout();
        for (var i = 0; i < blobs.Count; i++)
        {
            Assert.Equal(blobs[i].Plaintext, await reader.ReadBlobAsync(Store, result.Name, entries[i], Ct).DefaultTimeout());
        }

        Assert.Equal(BlobType.Tree, entries[^1].Type);
    }

    /// <summary>The bytes <see cref="IBackupStore.ReadRangeAsync"/> delivers into a buffer of <paramref name="length"/>.</summary>
    private async Task<byte[]> ReadRangeAsync(BackupObjectKind kind, string name, long offset, int length)
    {
        var buffer = new byte[length];
        var read = await Store.ReadRangeAsync(kind, name, offset, buffer, Ct);
        return buffer[..read];
    }

    protected abstract Task<IBackupStore> CreateStoreAsync(CancellationToken cancellationToken);
}
