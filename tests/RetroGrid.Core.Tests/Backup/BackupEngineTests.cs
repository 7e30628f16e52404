using Microsoft.Extensions.Time.Testing;
using RetroGrid.Core.Backup;
using RetroGrid.Core.FileSystem;
using RetroGrid.Core.Formats;
using RetroGrid.Core.Hashing;
using RetroGrid.Core.Packs;
using RetroGrid.Core.Repository;
using RetroGrid.Core.Restore;
using RetroGrid.Core.Storage;
using RetroGrid.Testing;

namespace RetroGrid.Core.Tests.Backup;

public sealed class BackupEngineTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task RunAsync_SdkFolderAndSampleTree_RestoresByteIdenticalWithMetadata()
    {
        var sdk = Directory.GetDirectories("/usr/share/dotnet/shared/Microsoft.NETCore.App").Order(StringComparer.Ordinal).First();
        using var work = new TempDirectory();
        var sample = Path.Join(work.Path, "sample");
        EngineTestKit.WriteSampleTree(sample);
        var set = await EngineTestKit.InitAsync(new LocalFolderStore(Path.Join(work.Path, "set")), Ct);

        var backup = await new BackupEngine(set).RunAsync(EngineTestKit.Request(sdk, sample), null, Ct).DefaultTimeout();
        var target = Path.Join(work.Path, "restored");
        var restore = await new RestoreEngine(set).RunAsync(new RestoreRequest(backup.SnapshotName, target), null, Ct).DefaultTimeout();

        Assert.True(restore.IsComplete, string.Join('\n', restore.Failures));
        Assert.Empty(backup.Snapshot.Warnings);
        EngineTestKit.AssertSameTree(sdk, Path.Join(target, Path.GetFileName(sdk)));
        EngineTestKit.AssertSameTree(sample, Path.Join(target, "sample"));
        Assert.Equal(backup.Snapshot.Statistics.FilesScanned, restore.Files);
        Assert.Equal(backup.Snapshot.Statistics.BytesScanned, restore.Bytes);
    }

    [Fact]
    public async Task RunAsync_UnchangedTreeAgain_ReadsNothingAndUploadsNoPack()
    {
        using var work = new TempDirectory();
        var sample = Path.Join(work.Path, "sample");
        EngineTestKit.WriteSampleTree(sample);
        var store = new CountingStore(new LocalFolderStore(Path.Join(work.Path, "set")));
        var set = await EngineTestKit.InitAsync(store, Ct);
        var first = await new BackupEngine(set).RunAsync(EngineTestKit.Request(sample), null, Ct).DefaultTimeout();
        var packsAfterFirst = store.Commits;
        BackupProgress? last = null;

        var second = await new BackupEngine(set).RunAsync(EngineTestKit.Request(sample), new SyncProgress<BackupProgress>(p => last = p), Ct).DefaultTimeout();

        Assert.Equal(first.SnapshotName, second.Snapshot.Parent);
        Assert.Equal(first.Snapshot.RootTree, second.Snapshot.RootTree);
        Assert.Equal(0, second.Snapshot.Statistics.FilesNew);
        Assert.Equal(0, second.Snapshot.Statistics.BytesNew);
        Assert.Equal(packsAfterFirst, store.Commits);
        Assert.NotNull(last);
        Assert.Equal(0, last.BytesRead);
        Assert.Equal(first.Snapshot.Statistics.BytesScanned, last.BytesScanned);
        Assert.Equal(last.FilesScanned, last.FilesDone);
    }

    [Theory]
    [InlineData(null)] // the local index: each chunk asked about and packed from the read buffer
    [InlineData(8)] // the batched path a remote index takes: chunks copied and asked about eight at a time
    public async Task RunAsync_SecondTreeSharingMostFiles_StoresAboutOnlyTheDifference(int? dedupBatchSize)
    {
        using var work = new TempDirectory();
        var a = Path.Join(work.Path, "a");
        var b = Path.Join(work.Path, "b");
        Directory.CreateDirectory(a);
        Directory.CreateDirectory(b);
        var random = new Random(7);
        const int FileSize = 200 * 1024;
        for (var i = 0; i < 20; i++)
        {
            var bytes = new byte[FileSize];
            random.NextBytes(bytes);
            File.WriteAllBytes(Path.Join(a, $"f{i}"), bytes);
            if (i >= 2)
            {
                File.WriteAllBytes(Path.Join(b, $"f{i}"), bytes);
            }
        }

        var changed = new byte[FileSize];
        random.NextBytes(changed);
        File.WriteAllBytes(Path.Join(b, "f0"), changed);
        File.WriteAllBytes(Path.Join(b, "new"), changed.AsSpan(0, FileSize / 2).ToArray());
        var set = await EngineTestKit.InitAsync(new LocalFolderStore(Path.Join(work.Path, "set")), Ct);
        var options = new BackupEngineOptions { DedupBatchSize = dedupBatchSize };
        await new BackupEngine(set, options).RunAsync(EngineTestKit.Request(a), null, Ct).DefaultTimeout();

        var second = await new BackupEngine(set, options).RunAsync(EngineTestKit.Request(b), null, Ct).DefaultTimeout();

        // f0 changed, "new" is half of f0's new bytes (a different chunk: files this small are one chunk), f1 is gone; plus two small trees.
        var difference = FileSize + (FileSize / 2);
        Assert.Null(second.Snapshot.Parent);
        Assert.InRange(second.Snapshot.Statistics.BytesNew, difference, difference + 8 * 1024);
        Assert.InRange(second.Snapshot.Statistics.BytesUploaded, difference, difference + 64 * 1024);
        Assert.Equal(20, second.Snapshot.Statistics.FilesNew);
        var target = Path.Join(work.Path, "restored");
        Assert.True((await new RestoreEngine(set).RunAsync(new RestoreRequest(second.SnapshotName, target), null, Ct).DefaultTimeout()).IsComplete);
        EngineTestKit.AssertSameTree(b, Path.Join(target, "b"));
    }

    [Fact]
    public async Task RunAsync_FileChangedWhileRead_WarningAndJobSucceeds()
    {
        using var work = new TempDirectory();
        var source = Path.Join(work.Path, "src");
        Directory.CreateDirectory(source);
        var victim = Path.Join(source, "victim.log");
        File.WriteAllText(victim, "before");
        File.WriteAllText(Path.Join(source, "calm.txt"), "calm");
        var set = await EngineTestKit.InitAsync(new LocalFolderStore(Path.Join(work.Path, "set")), Ct);
        var options = new BackupEngineOptions { FileSystem = new ChangingFileSystem(FileSystems.Create(), victim) };

        var result = await new BackupEngine(set, options).RunAsync(EngineTestKit.Request(source), null, Ct).DefaultTimeout();

        var warning = Assert.Single(result.Snapshot.Warnings);
        Assert.Equal(victim, warning.Path);
        Assert.Equal(SnapshotWarningKind.ChangedWhileReading, warning.Kind);
        var tree = await set.LoadTreeAsync((await set.LoadTreeAsync(result.Snapshot.RootTree, Ct)).Nodes[0].Subtree!.Value, Ct);
        Assert.Equal(["calm.txt", "victim.log"], tree.Nodes.Select(n => n.Name));
    }

    [Fact]
    public async Task RunAsync_Excludes_LeavesOutMatchingNamesAndPaths()
    {
        using var work = new TempDirectory();
        var sample = Path.Join(work.Path, "sample");
        EngineTestKit.WriteSampleTree(sample);
        var set = await EngineTestKit.InitAsync(new LocalFolderStore(Path.Join(work.Path, "set")), Ct);
        var request = EngineTestKit.Request(sample) with { Excludes = ["*.bin", $"{sample}/level0", "empty*"] };

        var result = await new BackupEngine(set).RunAsync(request, null, Ct).DefaultTimeout();

        var top = await set.LoadTreeAsync(result.Snapshot.RootTree, Ct);
        var tree = await set.LoadTreeAsync(top.Nodes[0].Subtree!.Value, Ct);
        Assert.Equal(["dangling", "héllo wörld ✓.txt", "link-to-big", "script.sh", "日本語のファイル"], tree.Nodes.Select(n => n.Name));
    }

    [Fact]
    public async Task RunAsync_ClockNotAdvanced_ReportsOnlyTheFinalProgressAtTheInjectedTime()
    {
        using var work = new TempDirectory();
        var sample = Path.Join(work.Path, "sample");
        EngineTestKit.WriteSampleTree(sample);
        var set = await EngineTestKit.InitAsync(new LocalFolderStore(Path.Join(work.Path, "set")), Ct);
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero));
        var reports = new List<BackupProgress>();

        var result = await new BackupEngine(set, new BackupEngineOptions { TimeProvider = time }).RunAsync(EngineTestKit.Request(sample), new SyncProgress<BackupProgress>(reports.Add), Ct).DefaultTimeout();

        var report = Assert.Single(reports);
        Assert.Equal((result.Snapshot.Statistics.FilesScanned, result.Snapshot.Statistics.BytesScanned), (report.FilesDone, report.BytesRead));
        Assert.Equal(result.Snapshot.Statistics.BytesUploaded, report.BytesUploaded);
        Assert.Equal(time.GetUtcNow(), DateTimeOffset.UnixEpoch.AddTicks(result.Snapshot.TimeUnixNs / 100));
    }

    [Fact]
    public async Task RunAsync_DeniedAndVanishedFiles_WarningsAndTheRestIsStored()
    {
        using var work = new TempDirectory();
        var source = Path.Join(work.Path, "src");
        Directory.CreateDirectory(source);
        var denied = Path.Join(source, "denied");
        var vanishing = Path.Join(source, "vanishing");
        File.WriteAllText(denied, "secret");
        File.WriteAllText(vanishing, "soon gone");
        File.WriteAllText(Path.Join(source, "fine"), "fine");
        var set = await EngineTestKit.InitAsync(new LocalFolderStore(Path.Join(work.Path, "set")), Ct);
        var options = new BackupEngineOptions { FileSystem = new FailingStatFileSystem(FileSystems.Create(), denied, vanishing) };

        var result = await new BackupEngine(set, options).RunAsync(EngineTestKit.Request(source), null, Ct).DefaultTimeout();

        Assert.Equal(
            [(denied, SnapshotWarningKind.PermissionDenied), (vanishing, SnapshotWarningKind.Vanished)],
            result.Snapshot.Warnings.Select(w => (w.Path, w.Kind)).OrderBy(w => w.Path, StringComparer.Ordinal));
        var tree = await set.LoadTreeAsync((await set.LoadTreeAsync(result.Snapshot.RootTree, Ct)).Nodes[0].Subtree!.Value, Ct);
        Assert.Equal(["fine"], tree.Nodes.Select(n => n.Name));
    }

    [Fact]
    public async Task RunAsync_StoreRefusesUploads_ReportsThatFailureNotACancellation()
    {
        using var work = new TempDirectory();
        var source = EngineTestKit.WriteRandomFiles(Path.Join(work.Path, "src"), 8, 64 * 1024, seed: 5);
        var local = new LocalFolderStore(Path.Join(work.Path, "set"));
        await EngineTestKit.InitAsync(local, Ct);
        var failing = new FailingUploadStore(local, new IOException("No space left on device"));
        var set = await BackupSet.OpenAsync(failing, EngineTestKit.Passphrase, Ct);

        var error = await Assert.ThrowsAsync<IOException>(() => new BackupEngine(set).RunAsync(EngineTestKit.Request(source), null, Ct).DefaultTimeout());

        Assert.Equal("No space left on device", error.Message);
        Assert.Empty(await set.ListSnapshotsAsync(Ct));
    }

    [Fact]
    public async Task RunAsync_MissingPath_ThrowsBeforeWritingAnything()
    {
        using var work = new TempDirectory();
        var store = new CountingStore(new LocalFolderStore(Path.Join(work.Path, "set")));
        var set = await EngineTestKit.InitAsync(store, Ct);

        await Assert.ThrowsAsync<FileNotFoundException>(() => new BackupEngine(set).RunAsync(EngineTestKit.Request(Path.Join(work.Path, "nope")), null, Ct).DefaultTimeout());

        Assert.Empty(await set.ListSnapshotsAsync(Ct));
    }

    [Fact]
    public async Task RunAsync_CancelledAfterThreePackCommits_ResumeStoresNoBlobTwice()
    {
        using var work = new TempDirectory();
        var source = EngineTestKit.WriteRandomFiles(Path.Join(work.Path, "src"), 24, 512 * 1024, seed: 3);

        var local = new LocalFolderStore(Path.Join(work.Path, "set"));
        await EngineTestKit.InitAsync(local, Ct, packTargetSize: 1024 * 1024);
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        var interrupted = new CountingStore(local, cancelAfterCommits: 3, cancel);
        var set1 = await BackupSet.OpenAsync(interrupted, EngineTestKit.Passphrase, Ct);
        var options = new BackupEngineOptions { Parallelism = 2 };

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => new BackupEngine(set1, options).RunAsync(EngineTestKit.Request(source), null, cancel.Token).DefaultTimeout());
        Assert.Empty(await set1.ListSnapshotsAsync(Ct));
        var committedBeforeCancel = interrupted.Commits;

        var resumed = new CountingStore(local);
        var set2 = await BackupSet.OpenAsync(resumed, EngineTestKit.Passphrase, Ct);
        var result = await new BackupEngine(set2, options).RunAsync(EngineTestKit.Request(source), null, Ct).DefaultTimeout();

        Assert.InRange(committedBeforeCancel, 3, 12);
        var (entries, distinct) = await CountPackEntriesAsync(local, set2);
        Assert.Equal(distinct, entries);
        Assert.Equal(24, result.Snapshot.Statistics.FilesNew);
        Assert.True(result.Snapshot.Statistics.BytesNew < 24 * 512 * 1024 - (committedBeforeCancel * 512 * 1024), $"resumed run stored {result.Snapshot.Statistics.BytesNew} bytes");
        var target = Path.Join(work.Path, "restored");
        var restore = await new RestoreEngine(set2).RunAsync(new RestoreRequest(result.SnapshotName, target), null, Ct).DefaultTimeout();
        Assert.True(restore.IsComplete);
        EngineTestKit.AssertSameTree(source, Path.Join(target, "src"));
    }

    [Fact]
    public async Task RunAsync_MultiGibSparseFile_StoresOneZeroBlobAndRestoresSparse()
    {
        using var work = new TempDirectory();
        var source = Path.Join(work.Path, "sparse");
        Directory.CreateDirectory(source);
        var path = Path.Join(source, "disk.img");
        const long Size = 2L * 1024 * 1024 * 1024;
        using (var stream = new FileStream(path, FileMode.CreateNew))
        {
            stream.SetLength(Size);
            stream.Position = Size / 2;
            stream.Write("an island of data in the middle"u8);
        }

        var set = await EngineTestKit.InitAsync(new LocalFolderStore(Path.Join(work.Path, "set")), Ct);

        var result = await new BackupEngine(set).RunAsync(EngineTestKit.Request(source), null, Ct).DefaultTimeout();
        var target = Path.Join(work.Path, "restored");
        var restore = await new RestoreEngine(set).RunAsync(new RestoreRequest(result.SnapshotName, target), null, Ct).DefaultTimeout();

        Assert.InRange(result.Snapshot.Statistics.BytesNew, 1, 8 * 1024 * 1024);
        Assert.True(restore.IsComplete);
        var restored = Path.Join(target, "sparse", "disk.img");
        Assert.Equal(Size, new FileInfo(restored).Length);
        Assert.InRange(AllocatedBytes(restored), 0, 64 * 1024 * 1024);
        EngineTestKit.AssertSameTree(source, Path.Join(target, "sparse"));
    }

    internal static async Task<(int Entries, int Distinct)> CountPackEntriesAsync(IBackupStore store, BackupSet set)
    {
        var reader = new PackReader(set.Keys, set.Compressor, set.IdHasher);
        var ids = new List<BlobId>();
        await foreach (var pack in store.ListAsync(BackupObjectKind.Pack, Ct))
        {
            ids.AddRange((await reader.ReadIndexAsync(store, pack.Name, pack.Size, Ct)).Select(e => e.Id));
        }

        return (ids.Count, ids.Distinct().Count());
    }

    /// <summary>Blocks actually allocated (st_blocks × 512), read through stat(1) since FileMetadata does not carry it.</summary>
    private static long AllocatedBytes(string path)
    {
        using var process = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("stat", ["-c", "%b", path]) { RedirectStandardOutput = true })!;
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return long.Parse(output.Trim(), System.Globalization.CultureInfo.InvariantCulture) * 512;
    }
}
