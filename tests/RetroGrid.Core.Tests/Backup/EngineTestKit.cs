using System.Text;
using RetroGrid.Core.Backup;
using RetroGrid.Core.Chunking;
using RetroGrid.Core.Crypto;
using RetroGrid.Core.FileSystem;
using RetroGrid.Core.Repository;
using RetroGrid.Core.Storage;

namespace RetroGrid.Core.Tests.Backup;

/// <summary>Sets with test-sized parameters, sample trees, and a deep comparison of a source tree with its restore.</summary>
internal static class EngineTestKit
{
    public const string Passphrase = "engine tests";

    /// <summary>Argon2id at its smallest cost; 64 KiB / 256 KiB / 1 MiB chunks and 4 MiB packs, so small trees still make several packs.</summary>
    public static BackupSetOptions SetOptions(int packTargetSize = 4 * 1024 * 1024) => new()
    {
        Kdf = new KdfParameters(KdfAlgorithm.Argon2id, 8, 1, 1),
        Chunker = new ChunkerParameters(64 * 1024, 256 * 1024, 1024 * 1024, Enumerable.Range(1, 32).Select(i => (byte)i).ToArray()),
        PackTargetSize = packTargetSize,
    };

    public static Task<BackupSet> InitAsync(IBackupStore store, CancellationToken cancellationToken, int packTargetSize = 4 * 1024 * 1024) =>
        BackupSet.InitAsync(store, Passphrase, null, SetOptions(packTargetSize), cancellationToken);

    public static BackupRequest Request(params string[] paths) => new(paths) { Host = "test-host", AgentId = "agent-1" };

    /// <summary>Unicode names, empty files and folders, deep nesting, a symlink (relative and dangling), odd modes, a multi-chunk file.</summary>
    /// <summary>Writes <paramref name="count"/> files of <paramref name="size"/> random bytes (seeded) into a new folder.</summary>
    public static string WriteRandomFiles(string folder, int count, int size, int seed)
    {
        Directory.CreateDirectory(folder);
        var random = new Random(seed);
        for (var i = 0; i < count; i++)
        {
            var bytes = new byte[size];
            random.NextBytes(bytes);
            File.WriteAllBytes(Path.Join(folder, $"f{i:00}"), bytes);
        }

        return folder;
    }

    public static void WriteSampleTree(string root)
    {
        Directory.CreateDirectory(root);
        File.WriteAllText(Path.Join(root, "héllo wörld ✓.txt"), "unicode name\n");
        File.WriteAllText(Path.Join(root, "日本語のファイル"), "nihongo");
        File.WriteAllBytes(Path.Join(root, "empty"), []);
        Directory.CreateDirectory(Path.Join(root, "empty folder"));
        var deep = root;
        for (var i = 0; i < 40; i++)
        {
            deep = Path.Join(deep, $"level{i}");
        }

        Directory.CreateDirectory(deep);
        File.WriteAllText(Path.Join(deep, "bottom.txt"), "deep");
        var big = new byte[3 * 1024 * 1024 + 12345];
        new Random(42).NextBytes(big.AsSpan(0, big.Length / 2));
        Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat("compressible text ", big.Length / 36))).CopyTo(big, big.Length / 2);
        File.WriteAllBytes(Path.Join(root, "big.bin"), big);
        File.CreateSymbolicLink(Path.Join(root, "link-to-big"), "big.bin");
        File.CreateSymbolicLink(Path.Join(root, "dangling"), "../nowhere/at/all");
        var script = Path.Join(root, "script.sh");
        File.WriteAllText(script, "#!/bin/sh\necho hi\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.OtherExecute);
        }
        File.SetLastWriteTimeUtc(Path.Join(root, "empty"), new DateTime(2001, 2, 3, 4, 5, 6, DateTimeKind.Utc));
        if (OperatingSystem.IsLinux())
        {
            var fileSystem = FileSystems.Create();
            Assert.True(fileSystem.TrySetExtendedAttribute(script, new ExtendedAttribute("user.comment", "a comment"u8.ToArray())));
            Assert.True(fileSystem.TrySetExtendedAttribute(Path.Join(root, "empty folder"), new ExtendedAttribute("user.binary", [0, 1, 2, 255])));
        }
    }

    /// <summary>Asserts that <paramref name="restored"/> holds exactly <paramref name="source"/>: names, kinds, bytes, modes, mtimes, symlink targets.</summary>
    public static void AssertSameTree(string source, string restored)
    {
        var sourceEntries = Entries(source);
        var restoredEntries = Entries(restored);
        Assert.Equal(sourceEntries.Keys.Order(StringComparer.Ordinal), restoredEntries.Keys.Order(StringComparer.Ordinal));
        foreach (var (relative, expected) in sourceEntries)
        {
            var actual = restoredEntries[relative];
            Assert.True(expected.LinkTarget == actual.LinkTarget, $"{relative}: link target");
            if (expected.LinkTarget is not null)
            {
                continue;
            }

            Assert.Equal(Xattrs(expected.FullName), Xattrs(actual.FullName));
            Assert.True(expected.UnixFileMode == actual.UnixFileMode, $"{relative}: mode {expected.UnixFileMode} vs {actual.UnixFileMode}");
            Assert.True(expected.LastWriteTimeUtc == actual.LastWriteTimeUtc, $"{relative}: mtime {expected.LastWriteTimeUtc:O} vs {actual.LastWriteTimeUtc:O}");
            if (expected is FileInfo file)
            {
                Assert.True(FilesEqual(file.FullName, actual.FullName), $"{relative}: content differs");
            }
        }
    }

    private static string[] Xattrs(string path) =>
        [.. FileSystems.Create().GetExtendedAttributes(path).Select(a => $"{a.Name}={Convert.ToHexString(a.Value)}").Order(StringComparer.Ordinal)];

    private static Dictionary<string, FileSystemInfo> Entries(string root) =>
        new DirectoryInfo(root)
            .EnumerateFileSystemInfos("*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0, IgnoreInaccessible = false })
            .ToDictionary(e => Path.GetRelativePath(root, e.FullName), StringComparer.Ordinal);

    private static bool FilesEqual(string a, string b)
    {
        using var left = File.OpenRead(a);
        using var right = File.OpenRead(b);
        if (left.Length != right.Length)
        {
            return false;
        }

        var x = new byte[1 << 20];
        var y = new byte[1 << 20];
        while (true)
        {
            var n = left.ReadAtLeast(x, x.Length, throwOnEndOfStream: false);
            right.ReadExactly(y, 0, n);
            if (!x.AsSpan(0, n).SequenceEqual(y.AsSpan(0, n)))
            {
                return false;
            }

            if (n < x.Length)
            {
                return true;
            }
        }
    }
}
