using RetroGrid.Core.Backup;
using RetroGrid.Core.Formats;
using RetroGrid.Core.Hashing;
using RetroGrid.Core.Packs;
using RetroGrid.Core.Repository;
using RetroGrid.Core.Restore;
using RetroGrid.Core.Storage;
using RetroGrid.Core.Tests.Backup;
using RetroGrid.Testing;

namespace RetroGrid.Core.Tests.Restore;

public sealed class RestoreEngineTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task RunAsync_TamperedDataPack_FailsOnlyItsFilesNamingPackAndBlob()
    {
        using var work = new TempDirectory();
        var source = EngineTestKit.WriteRandomFiles(Path.Join(work.Path, "src"), 12, 300 * 1024, seed: 11);

        var store = new LocalFolderStore(Path.Join(work.Path, "set"));
        var set = await EngineTestKit.InitAsync(store, Ct, packTargetSize: 1024 * 1024);
        var backup = await new BackupEngine(set).RunAsync(EngineTestKit.Request(source), null, Ct).DefaultTimeout();
        var (packName, entry) = await FirstDataOnlyPackAsync(store, set);
        var packPath = store.PathOf(BackupObjectKind.Pack, packName);
        var bytesOfPack = await File.ReadAllBytesAsync(packPath, Ct);
        bytesOfPack[entry.Offset + 40] ^= 0x01;
        await File.WriteAllBytesAsync(packPath, bytesOfPack, Ct);
        var target = Path.Join(work.Path, "restored");

        var result = await new RestoreEngine(set).RunAsync(new RestoreRequest(backup.SnapshotName, target), null, Ct).DefaultTimeout();

        Assert.False(result.IsComplete);
        var failure = Assert.Single(result.Failures);
        Assert.Contains(packName, failure, StringComparison.Ordinal);
        Assert.Contains(entry.Id.ToString(), failure, StringComparison.Ordinal);
        var damaged = failure[..failure.IndexOf(':', StringComparison.Ordinal)];
        Assert.False(File.Exists(Path.Join(target, damaged)), "a damaged file must not appear under its name");
        Assert.Empty(Directory.GetFiles(target, ".rg-restore-*", SearchOption.AllDirectories));
        Assert.Equal(11, result.Files);
        foreach (var file in Directory.GetFiles(Path.Join(target, "src")))
        {
            Assert.Equal(await File.ReadAllBytesAsync(Path.Join(source, Path.GetFileName(file)), Ct), await File.ReadAllBytesAsync(file, Ct));
        }
    }

    [Fact]
    public async Task RunAsync_SameTargetTwice_SecondRestoreSkipsIdenticalFiles()
    {
        using var work = new TempDirectory();
        var (set, snapshot, source) = await BackUpSampleAsync(work.Path);
        var target = Path.Join(work.Path, "restored");
        var first = await new RestoreEngine(set).RunAsync(new RestoreRequest(snapshot, target), null, Ct).DefaultTimeout();

        var second = await new RestoreEngine(set).RunAsync(new RestoreRequest(snapshot, target), null, Ct).DefaultTimeout();

        Assert.True(second.IsComplete);
        Assert.Equal(first.Files, second.Files);
        Assert.Equal(0, second.Bytes);
        EngineTestKit.AssertSameTree(source, Path.Join(target, "sample"));
    }

    [Fact]
    public async Task RunAsync_KeepBothOverModifiedFile_KeepsItAndRestoresBesideIt()
    {
        using var work = new TempDirectory();
        var (set, snapshot, source) = await BackUpSampleAsync(work.Path);
        var target = Path.Join(work.Path, "restored");
        await new RestoreEngine(set).RunAsync(new RestoreRequest(snapshot, target), null, Ct).DefaultTimeout();
        var edited = Path.Join(target, "sample", "big.bin");
        await File.WriteAllTextAsync(edited, "edited after restore", Ct);

        var result = await new RestoreEngine(set).RunAsync(new RestoreRequest(snapshot, target) { ExistingFiles = ExistingFilePolicy.KeepBoth }, null, Ct).DefaultTimeout();

        Assert.True(result.IsComplete);
        Assert.Equal("edited after restore", await File.ReadAllTextAsync(edited, Ct));
        Assert.Equal(await File.ReadAllBytesAsync(Path.Join(source, "big.bin"), Ct), await File.ReadAllBytesAsync(Path.Join(target, "sample", "big (restored).bin"), Ct));
    }

    [Fact]
    public async Task RunAsync_OverwriteModifiedFile_RestoresSnapshotContent()
    {
        using var work = new TempDirectory();
        var (set, snapshot, source) = await BackUpSampleAsync(work.Path);
        var target = Path.Join(work.Path, "restored");
        await new RestoreEngine(set).RunAsync(new RestoreRequest(snapshot, target), null, Ct).DefaultTimeout();
        await File.WriteAllTextAsync(Path.Join(target, "sample", "big.bin"), "edited after restore", Ct);

        var result = await new RestoreEngine(set).RunAsync(new RestoreRequest(snapshot, target) { ExistingFiles = ExistingFilePolicy.Overwrite }, null, Ct).DefaultTimeout();

        Assert.True(result.IsComplete);
        EngineTestKit.AssertSameTree(source, Path.Join(target, "sample"));
    }

    [Fact]
    public async Task RunAsync_IncludeGlob_RestoresOnlyMatchingEntries()
    {
        using var work = new TempDirectory();
        var (set, snapshot, _) = await BackUpSampleAsync(work.Path);
        var target = Path.Join(work.Path, "restored");

        var result = await new RestoreEngine(set).RunAsync(new RestoreRequest(snapshot, target) { Includes = ["sample/**/bottom.txt", "sample/*.sh"] }, null, Ct).DefaultTimeout();

        Assert.True(result.IsComplete);
        Assert.Equal(2, result.Files);
        var files = Directory.GetFiles(target, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(target, f)).Order(StringComparer.Ordinal);
        Assert.Equal([Path.Join(["sample", .. Enumerable.Range(0, 40).Select(i => $"level{i}"), "bottom.txt"]), Path.Join("sample", "script.sh")], files);
    }

    private static async Task<(BackupSet Set, string Snapshot, string Source)> BackUpSampleAsync(string work)
    {
        var source = Path.Join(work, "sample");
        EngineTestKit.WriteSampleTree(source);
        var set = await EngineTestKit.InitAsync(new LocalFolderStore(Path.Join(work, "set")), Ct);
        var backup = await new BackupEngine(set).RunAsync(EngineTestKit.Request(source), null, Ct).DefaultTimeout();
        return (set, backup.SnapshotName, source);
    }

    private static async Task<(string Pack, PackIndexEntry Entry)> FirstDataOnlyPackAsync(LocalFolderStore store, BackupSet set)
    {
        var reader = new PackReader(set.Keys, set.Compressor, set.IdHasher);
        await foreach (var pack in store.ListAsync(BackupObjectKind.Pack, Ct))
        {
            var entries = await reader.ReadIndexAsync(store, pack.Name, pack.Size, Ct);
            if (entries.All(e => e.Type == BlobType.Data))
            {
                return (pack.Name, entries[0]);
            }
        }

        throw new InvalidOperationException("No pack holds only data blobs.");
    }
}
