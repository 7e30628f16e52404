using System.Security.Cryptography;

namespace RetroGrid.Agent.Cli.Tests;

/// <summary>Builds small source trees and compares restored trees with them, byte for byte.</summary>
internal static class SourceTree
{
    public static string Create(string root)
    {
        var source = Directory.CreateDirectory(Path.Combine(root, "data")).FullName;
        File.WriteAllText(Path.Combine(source, "hello.txt"), "hello, world\n");
        File.WriteAllBytes(Path.Combine(source, "empty.bin"), []);
        Directory.CreateDirectory(Path.Combine(source, "sub", "deeper"));
        File.WriteAllBytes(Path.Combine(source, "sub", "random.bin"), RandomNumberGenerator.GetBytes(300_000));
        File.WriteAllText(Path.Combine(source, "sub", "deeper", "ünïcødé.txt"), string.Concat(Enumerable.Repeat("compressible ", 20_000)));
        return source;
    }

    /// <summary>Relative path → content hash (files) or "dir", for every entry below <paramref name="root"/>.</summary>
    public static SortedDictionary<string, string> Fingerprint(string root)
    {
        var result = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var entry in new DirectoryInfo(root).EnumerateFileSystemInfos("*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(root, entry.FullName).Replace('\\', '/');
            result[relative] = entry is FileInfo file ? Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(file.FullName))) : "dir";
        }

        return result;
    }
}
