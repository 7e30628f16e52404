namespace RetroGrid.Quickstart;

/// <summary>Compares two folder trees: same relative file names, same bytes.</summary>
internal static class TreeComparison
{
    public static (int Files, long Bytes, IReadOnlyList<string> Differences) Compare(string expected, string actual)
    {
        var differences = new List<string>();
        var expectedFiles = Relative(expected);
        var actualFiles = Relative(actual);
        differences.AddRange(expectedFiles.Except(actualFiles).Select(f => $"{f} is missing"));
        differences.AddRange(actualFiles.Except(expectedFiles).Select(f => $"{f} was not in the original"));
        long bytes = 0;
        foreach (var file in expectedFiles.Intersect(actualFiles))
        {
            var original = File.ReadAllBytes(Path.Join(expected, file));
            bytes += original.Length;
            if (!original.AsSpan().SequenceEqual(File.ReadAllBytes(Path.Join(actual, file))))
            {
                differences.Add($"{file} has other content");
            }
        }

        return (expectedFiles.Count, bytes, differences);
    }

    private static SortedSet<string> Relative(string root) =>
        Directory.Exists(root)
            ? new(Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(root, f)), StringComparer.Ordinal)
            : new(StringComparer.Ordinal);
}
