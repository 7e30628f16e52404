using System.Security.Cryptography;
using RetroGrid.Core.Backup;
using RetroGrid.Core.Chunking;
using RetroGrid.Core.Crypto;
using RetroGrid.Core.Errors;
using RetroGrid.Core.Formats;
using RetroGrid.Core.Hashing;
using RetroGrid.Core.Packs;
using RetroGrid.Core.Repository;
using RetroGrid.Core.Storage;
using RetroGrid.Dropbox;
using RetroGrid.Testing;

namespace RetroGrid.Core.Check.Tests;

public sealed class SetCheckerTests : IDisposable
{
    private const string Passphrase = "check tests";
    private const int FileCount = 5;
    private const int FileSize = 1_200_000;
    private readonly TempDirectory _temp = new();
    private readonly LocalFolderStore _store;

    public SetCheckerTests()
    {
        _store = new LocalFolderStore(Path.Combine(_temp.Path, "set"));
    }

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task RunAsync_HealthySet_ReadsEveryPackAndReportsNoProblems()
    {
        var set = await CreateBackedUpSetAsync();

        var report = await new SetChecker(set, new SetCheckOptions { ReadData = true }).RunAsync(null, TestContext.Current.CancellationToken);

        Assert.Empty(report.Problems);
        Assert.True(report.IsClean);
        Assert.Equal(1, report.Snapshots);
        Assert.Equal(2, report.Trees);
        Assert.True(report.Packs >= FileCount, $"expected several packs, got {report.Packs}");
        Assert.Equal(report.Packs, report.PacksRead);
        Assert.Equal(PackFiles().Sum(p => new FileInfo(p).Length), report.BytesRead);
    }

    [Fact]
    public async Task RunAsync_TwoBlobsAltered_ReportsEachBlobAndThePack()
    {
        var set = await CreateBackedUpSetAsync();
        var (packName, entries) = await LargestPackAsync(set);
        var damaged = entries.Where(e => e.Type == BlobType.Data).Take(2).ToList();
        Assert.Equal(2, damaged.Count);
        FlipByte(packName, damaged[0].Offset + 40);
        FlipByte(packName, damaged[1].Offset + 40);

        var report = await new SetChecker(await ReopenAsync(), new SetCheckOptions { ReadData = true }).RunAsync(null, TestContext.Current.CancellationToken);

        var objectName = PackReader.ObjectName(packName);
        Assert.All(report.Problems, p => Assert.Equal((CheckArea.Data, objectName, "RG2001"), (p.Area, p.ObjectName, p.Code)));
        Assert.Equal(3, report.Problems.Count);
        Assert.Contains(report.Problems, p => p.Message.Contains($"blob {damaged[0].Id} fails authentication", StringComparison.Ordinal));
        Assert.Contains(report.Problems, p => p.Message.Contains($"blob {damaged[1].Id} fails authentication", StringComparison.Ordinal));
        Assert.Contains(report.Problems, p => p.Message == "its bytes do not hash to its name: the pack was altered.");
    }

    [Fact]
    public async Task RunAsync_PackDeleted_ReportsMissingPackAndTheBlobsItHeld()
    {
        var set = await CreateBackedUpSetAsync();
        // A pack holding a tree would hide the blobs below that tree from the walk; this test is about data blobs.
        var (packName, entries) = await LargestDataOnlyPackAsync(set);
        File.Delete(_store.PathOf(BackupObjectKind.Pack, packName));

        var report = await new SetChecker(await ReopenAsync()).RunAsync(null, TestContext.Current.CancellationToken);

        var storage = Assert.Single(report.Problems, p => p.Area == CheckArea.Storage);
        Assert.Equal((FormatErrorCodes.MissingObject.Code, PackReader.ObjectName(packName)), (storage.Code, storage.ObjectName));
        var missingBlobs = report.Problems.Where(p => p.Area == CheckArea.Structure).Select(p => p.ObjectName).ToHashSet();
        Assert.Equal(entries.Where(e => e.Type == BlobType.Data).Select(e => $"blob {e.Id}").ToHashSet(), missingBlobs);
    }

    [Fact]
    public async Task RunAsync_ListedContentHashMatchesIndex_IsCleanWithoutReadingData()
    {
        await CreateBackedUpSetAsync();
        var store = new ListedContentHashStore(_store, info => DropboxContentHasher.Compute(File.ReadAllBytes(_store.PathOf(BackupObjectKind.Pack, info.Name))));
        var set = await BackupSet.OpenAsync(store, Passphrase, TestContext.Current.CancellationToken);

        var report = await new SetChecker(set).RunAsync(null, TestContext.Current.CancellationToken);

        Assert.True(report.IsClean);
        Assert.Equal(0, report.PacksRead);
    }

    [Fact]
    public async Task RunAsync_ListedContentHashDiffers_ReportsEveryPackWithoutReadingData()
    {
        await CreateBackedUpSetAsync(new ContentHashingStore(_store));
        var store = new ListedContentHashStore(_store, _ => new string('0', 64));
        var set = await BackupSet.OpenAsync(store, Passphrase, TestContext.Current.CancellationToken);

        var report = await new SetChecker(set).RunAsync(null, TestContext.Current.CancellationToken);

        var packs = PackFiles().Select(p => PackReader.ObjectName(Path.GetFileName(p))).Order(StringComparer.Ordinal);
        Assert.Equal(packs, report.Problems.Where(p => p.Area == CheckArea.Storage && p.Code == "RG2001").Select(p => p.ObjectName).Order(StringComparer.Ordinal));
        Assert.Equal(0, report.PacksRead);
    }

    [Fact]
    public async Task RunAsync_SnapshotAltered_ReportsTheSnapshotWithoutReadingData()
    {
        var set = await CreateBackedUpSetAsync();
        var name = Assert.Single(await set.ListSnapshotsAsync(TestContext.Current.CancellationToken));
        var path = _store.PathOf(BackupObjectKind.Snapshot, name);
        var bytes = await File.ReadAllBytesAsync(path, TestContext.Current.CancellationToken);
        bytes[^5] ^= 0x80;
        await File.WriteAllBytesAsync(path, bytes, TestContext.Current.CancellationToken);

        var report = await new SetChecker(set).RunAsync(null, TestContext.Current.CancellationToken);

        var problem = Assert.Single(report.Problems);
        Assert.Equal((CheckArea.Structure, "RG2001", $"snapshots/{name}"), (problem.Area, problem.Code, problem.ObjectName));
        Assert.DoesNotContain("RG2001", problem.Message, StringComparison.Ordinal);
        Assert.Equal(0, report.PacksRead);
    }

    [Fact]
    public async Task RunAsync_ReadDataSubset_ReadsThatShareOfPacks()
    {
        var set = await CreateBackedUpSetAsync();
        var options = new SetCheckOptions { ReadData = true, ReadDataFraction = 0.25, Random = new Random(7) };
        var progress = new List<CheckProgress>();

        var report = await new SetChecker(set, options).RunAsync(new SynchronousProgress<CheckProgress>(progress.Add), TestContext.Current.CancellationToken);

        Assert.True(report.IsClean);
        Assert.Equal((int)Math.Ceiling(report.Packs * 0.25), report.PacksRead);
        Assert.Equal(report.PacksRead, progress.Count(p => p.Phase == CheckArea.Data));
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(1.5)]
    [InlineData(double.NaN)]
    public async Task Constructor_FractionOutOfRange_Throws(double fraction)
    {
        var set = await BackupSet.InitAsync(_store, Passphrase, null, SetOptions(), TestContext.Current.CancellationToken);

        Assert.Throws<ArgumentOutOfRangeException>(() => new SetChecker(set, new SetCheckOptions { ReadDataFraction = fraction }));
    }

    private static BackupSetOptions SetOptions() => new()
    {
        Kdf = new KdfParameters(KdfAlgorithm.Argon2id, 8, 1, 1),
        Chunker = new ChunkerParameters(16 * 1024, 64 * 1024, 256 * 1024, RandomNumberGenerator.GetBytes(32)),
        PackTargetSize = SetConfig.MinPackTargetSize,
    };

    private async Task<BackupSet> CreateBackedUpSetAsync(IBackupStore? store = null)
    {
        var source = Directory.CreateDirectory(Path.Combine(_temp.Path, "source")).FullName;
        for (var i = 0; i < FileCount; i++)
        {
            await File.WriteAllBytesAsync(Path.Combine(source, $"file{i}.bin"), RandomNumberGenerator.GetBytes(FileSize), TestContext.Current.CancellationToken);
        }

        var set = await BackupSet.InitAsync(store ?? _store, Passphrase, null, SetOptions(), TestContext.Current.CancellationToken);
        await new BackupEngine(set).RunAsync(new BackupRequest([source]), null, TestContext.Current.CancellationToken);
        return set;
    }

    private Task<BackupSet> ReopenAsync() => BackupSet.OpenAsync(_store, Passphrase, TestContext.Current.CancellationToken);

    private async Task<(string Name, IReadOnlyList<PackIndexEntry> Entries)> LargestPackAsync(BackupSet set)
    {
        var path = PackFiles().OrderByDescending(p => new FileInfo(p).Length).First();
        var name = Path.GetFileName(path);
        var reader = new PackReader(set.Keys, set.Compressor, set.IdHasher);
        return (name, await reader.ReadIndexAsync(_store, name, new FileInfo(path).Length, TestContext.Current.CancellationToken));
    }

    private async Task<(string Name, IReadOnlyList<PackIndexEntry> Entries)> LargestDataOnlyPackAsync(BackupSet set)
    {
        var reader = new PackReader(set.Keys, set.Compressor, set.IdHasher);
        foreach (var path in PackFiles().OrderByDescending(p => new FileInfo(p).Length))
        {
            var name = Path.GetFileName(path);
            var entries = await reader.ReadIndexAsync(_store, name, new FileInfo(path).Length, TestContext.Current.CancellationToken);
            if (entries.All(e => e.Type == BlobType.Data))
            {
                return (name, entries);
            }
        }

        throw new InvalidOperationException("Every pack holds a tree; the set is too small for this test.");
    }

    private string[] PackFiles() => Directory.GetFiles(Path.Combine(_store.Root, "packs"), "*", SearchOption.AllDirectories);

    private void FlipByte(string packName, long offset)
    {
        using var stream = new FileStream(_store.PathOf(BackupObjectKind.Pack, packName), FileMode.Open, FileAccess.ReadWrite);
        stream.Position = offset;
        var value = stream.ReadByte();
        stream.Position = offset;
        stream.WriteByte((byte)(value ^ 0x01));
    }
}
