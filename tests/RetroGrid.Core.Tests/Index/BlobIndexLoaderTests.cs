using RetroGrid.Core.Formats;
using RetroGrid.Core.Hashing;
using RetroGrid.Core.Index;
using RetroGrid.Core.Packs;
using RetroGrid.Core.Storage;
using RetroGrid.Core.Tests.Formats;
using RetroGrid.Core.Tests.Packs;
using RetroGrid.Core.Tests.Storage;

namespace RetroGrid.Core.Tests.Index;

public class BlobIndexLoaderTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Load_TwoPacksInIndexFileOneNot_ThirdReadFromItsTrailer()
    {
        var (store, packs) = await ThreePacksAsync();
        await IndexFiles.WriteAsync(store, FormatTestData.Keys, [Record(packs[0]), Record(packs[1])], Ct);
        var index = new LocalBlobIndex();

        var result = await BlobIndexLoader.LoadAsync(store, FormatTestData.Keys, PackTestKit.Reader(), index, Ct);

        Assert.Equal(2, result.PacksFromIndexFiles);
        Assert.Equal([packs[2].Name], result.PacksFromTrailers);
        Assert.Empty(result.DamagedObjects);
        foreach (var pack in packs)
        {
            foreach (var entry in pack.Entries)
            {
                Assert.Equal(new BlobLocation(pack.Name, entry), await index.LookupAsync(entry.Id, Ct));
            }
        }
    }

    [Fact]
    public async Task Load_DamagedIndexFile_ReportedAndPacksRebuiltFromTrailers()
    {
        var (store, packs) = await ThreePacksAsync();
        var name = await IndexFiles.WriteAsync(store, FormatTestData.Keys, [Record(packs[0])], Ct);
        store.Objects[InMemoryBackupStore.Key(BackupObjectKind.Index, name)][20] ^= 0x40;
        var index = new LocalBlobIndex();

        var result = await BlobIndexLoader.LoadAsync(store, FormatTestData.Keys, PackTestKit.Reader(), index, Ct);

        Assert.Equal(0, result.PacksFromIndexFiles);
        Assert.Equal(3, result.PacksFromTrailers.Count);
        Assert.Contains($"index/{name}", Assert.Single(result.DamagedObjects), StringComparison.Ordinal);
        Assert.Equal(packs.Sum(p => p.Entries.Count), index.Count);
    }

    [Fact]
    public async Task Load_AuthenticIndexFileWithOverlappingEntries_RejectedAsDamaged()
    {
        var (store, packs) = await ThreePacksAsync();
        var forged = Record(packs[0]) with { Entries = [.. packs[0].Entries.Select(e => e with { Offset = 6 })] };
        var name = await IndexFiles.WriteAsync(store, FormatTestData.Keys, [forged], Ct);
        var index = new LocalBlobIndex();

        var result = await BlobIndexLoader.LoadAsync(store, FormatTestData.Keys, PackTestKit.Reader(), index, Ct);

        Assert.Contains($"index/{name}", Assert.Single(result.DamagedObjects), StringComparison.Ordinal);
        Assert.Equal(3, result.PacksFromTrailers.Count);
        Assert.Equal(new BlobLocation(packs[0].Name, packs[0].Entries[1]), await index.LookupAsync(packs[0].Entries[1].Id, Ct));
    }

    [Fact]
    public async Task Load_IndexFileNamesDeletedPack_PackIgnored()
    {
        var (store, packs) = await ThreePacksAsync();
        await IndexFiles.WriteAsync(store, FormatTestData.Keys, [Record(packs[0])], Ct);
        await store.DeleteAsync(BackupObjectKind.Pack, packs[0].Name, Ct);
        var index = new LocalBlobIndex();

        var result = await BlobIndexLoader.LoadAsync(store, FormatTestData.Keys, PackTestKit.Reader(), index, Ct);

        Assert.Equal(0, result.PacksFromIndexFiles);
        Assert.False(index.ContainsPack(packs[0].Name));
        Assert.Null(await index.LookupAsync(packs[0].Entries[0].Id, Ct));
    }

    [Fact]
    public async Task Load_TruncatedPack_ReportedOthersIndexed()
    {
        var (store, packs) = await ThreePacksAsync();
        var key = PackTestKit.Key(packs[1].Name);
        store.Objects[key] = store.Objects[key][..^3];
        var index = new LocalBlobIndex();

        var result = await BlobIndexLoader.LoadAsync(store, FormatTestData.Keys, PackTestKit.Reader(), index, Ct);

        Assert.Contains(packs[1].Name, Assert.Single(result.DamagedObjects), StringComparison.Ordinal);
        Assert.Equal(2, result.PacksFromTrailers.Count);
    }

    private static IndexFilePack Record(PackWriteResult pack) => new() { PackName = pack.Name, PackLength = pack.Length, Entries = pack.Entries };

    private static async Task<(InMemoryBackupStore Store, PackWriteResult[] Packs)> ThreePacksAsync()
    {
        var store = new InMemoryBackupStore();
        var packs = new PackWriteResult[3];
        for (var i = 0; i < packs.Length; i++)
        {
            var blobs = Enumerable.Range(0, 5).Select(j => (BlobType.Data, FormatTestData.RandomBytes(100 + j, seed: (i * 10) + j))).ToList();
            packs[i] = await PackTestKit.WritePackAsync(store, blobs, Ct);
        }

        return (store, packs);
    }
}
