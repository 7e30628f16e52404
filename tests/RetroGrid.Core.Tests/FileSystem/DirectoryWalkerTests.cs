using System.Runtime.Versioning;
using RetroGrid.Core.FileSystem;
using RetroGrid.Testing;

namespace RetroGrid.Core.Tests.FileSystem;

[UnsupportedOSPlatform("windows")]
public sealed class DirectoryWalkerTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public DirectoryWalkerTests()
    {
        Assert.SkipUnless(OperatingSystem.IsLinux(), "Walker tests use Unix symlinks and modes; CI runs on Linux.");
    }

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Walk_Tree_PostOrder_SortedEntries_SymlinksNotFollowed()
    {
        var root = _temp.Path;
        Touch("b.txt");
        Touch("a.txt");
        Touch("ünïcødé 文件.txt");
        Touch("Zed");
        Directory.CreateDirectory(Path.Join(root, "empty"));
        Touch("sub/inner.txt");
        File.CreateSymbolicLink(Path.Join(root, "dirlink"), "sub");

        var batches = Walk(root);

        Assert.Equal([Path.Join(root, "empty"), Path.Join(root, "sub"), root], batches.Select(b => b.Path));
        Assert.Equal([1, 1, 0], batches.Select(b => b.Depth));
        Assert.Empty(batches[0].Entries);
        Assert.Equal(["inner.txt"], batches[1].Entries.Select(e => e.Name));
        Assert.Equal(
            ["Zed", "a.txt", "b.txt", "dirlink", "empty", "sub", "ünïcødé 文件.txt"],
            batches[2].Entries.Select(e => e.Name));
        Assert.Equal(FileKind.Symlink, batches[2].Entries.Single(e => e.Name == "dirlink").Metadata.Kind);
        Assert.All(batches, b => Assert.Empty(b.Warnings));
    }

    [Fact]
    public void Walk_DeepNesting_ChildrenBeforeParents()
    {
        var path = _temp.Path;
        for (var i = 0; i < 100; i++)
        {
            path = Path.Join(path, $"d{i}");
        }

        Directory.CreateDirectory(path);
        File.WriteAllText(Path.Join(path, "leaf"), "x");

        var batches = Walk(_temp.Path);

        Assert.Equal(101, batches.Count);
        Assert.Equal(Enumerable.Range(0, 101).Reverse(), batches.Select(b => b.Depth));
        Assert.Equal(["leaf"], batches[0].Entries.Select(e => e.Name));
    }

    [Fact]
    public void Walk_SameTreeTwice_IdenticalBatches()
    {
        for (var i = 0; i < 50; i++)
        {
            Touch($"dir{i % 7}/file{i}");
        }

        var first = Walk(_temp.Path).SelectMany(b => b.Entries.Select(e => e.Path));
        var second = Walk(_temp.Path).SelectMany(b => b.Entries.Select(e => e.Path));

        Assert.Equal(first, second);
    }

    [Fact]
    public void Walk_DirectoryVanishesMidWalk_WarnsAndContinues()
    {
        Touch("a/1");
        Touch("b/2");
        Touch("c/3");
        var walker = new DirectoryWalker(FileSystems.Create());
        var seen = new List<DirectoryBatch>();

        // The walk is lazy: "b" is listed by its parent but read only after "a"'s batch is handed out, so deleting it
        // here is the same race as a user deleting it during a backup.
        foreach (var batch in walker.Walk(_temp.Path, TestContext.Current.CancellationToken))
        {
            seen.Add(batch);
            if (batch.Path.EndsWith("/a", StringComparison.Ordinal))
            {
                Directory.Delete(Path.Join(_temp.Path, "b"), recursive: true);
            }
        }

        var vanished = seen.Single(b => b.Path.EndsWith("/b", StringComparison.Ordinal));
        Assert.Empty(vanished.Entries);
        Assert.Equal(WalkWarningKind.Vanished, Assert.Single(vanished.Warnings).Kind);
        Assert.Equal(["3"], seen.Single(b => b.Path.EndsWith("/c", StringComparison.Ordinal)).Entries.Select(e => e.Name));
    }

    [Fact]
    public void Walk_EntriesThatCannotBeStated_BecomeWarnings()
    {
        Touch("denied");
        Touch("gone");
        Touch("fine");
        var failing = new FailingFileSystem(FileSystems.Create(), new Dictionary<string, Exception>
        {
            [Path.Join(_temp.Path, "denied")] = new UnauthorizedAccessException("EACCES"),
            [Path.Join(_temp.Path, "gone")] = new FileNotFoundException("ENOENT"),
        });

        var batch = Assert.Single(new DirectoryWalker(failing).Walk(_temp.Path, TestContext.Current.CancellationToken));

        Assert.Equal(["fine"], batch.Entries.Select(e => e.Name));
        Assert.Equal(
            [(Path.Join(_temp.Path, "denied"), WalkWarningKind.PermissionDenied), (Path.Join(_temp.Path, "gone"), WalkWarningKind.Vanished)],
            batch.Warnings.Select(w => (w.Path, w.Kind)));
    }

    [Fact]
    public void Walk_UnreadableDirectory_WarnsAsPermissionDenied()
    {
        // Tests here run as root, and chmod 000 does not stop root (CAP_DAC_OVERRIDE), so this case can only be shown
        // for an ordinary user; as root it is skipped rather than faked. Walk_EntriesThatCannotBeStated covers the
        // warning path through the seam.
        Assert.SkipWhen(UnixNative.geteuid() == 0, "Running as root: permission bits do not stop root from listing.");
        Touch("locked/secret");
        var locked = Path.Join(_temp.Path, "locked");
        File.SetUnixFileMode(locked, UnixFileMode.None);
        try
        {
            var batch = Walk(_temp.Path).Single(b => b.Path == locked);
            Assert.Equal(WalkWarningKind.PermissionDenied, Assert.Single(batch.Warnings).Kind);
        }
        finally
        {
            File.SetUnixFileMode(locked, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }

    [Fact]
    public void Walk_Cancelled_Throws()
    {
        Touch("a/b/c");
        using var cancellation = new CancellationTokenSource();
        cancellation.Cancel();

        Assert.Throws<OperationCanceledException>(() => new DirectoryWalker(FileSystems.Create()).Walk(_temp.Path, cancellation.Token).ToList());
    }

    [Fact]
    public void Walk_RootIsAFile_Throws() =>
        Assert.Throws<ArgumentException>(() => new DirectoryWalker(FileSystems.Create()).Walk(Touch("file"), TestContext.Current.CancellationToken));

    private static List<DirectoryBatch> Walk(string root) =>
        new DirectoryWalker(FileSystems.Create()).Walk(root, TestContext.Current.CancellationToken).ToList();

    private string Touch(string relativePath)
    {
        var path = Path.Join(_temp.Path, relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, relativePath);
        return path;
    }
}
