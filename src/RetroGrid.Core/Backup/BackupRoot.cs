using RetroGrid.Core.FileSystem;

namespace RetroGrid.Core.Backup;

/// <summary>One source path of a backup: its full path, its name at the snapshot's top, and its lstat.</summary>
internal sealed record BackupRoot(string FullPath, string Name, FileMetadata Metadata)
{
    /// <summary>Resolves the request's paths; each must exist, and their last components must differ (they become top-level names).</summary>
    public static IReadOnlyList<BackupRoot> Resolve(IReadOnlyList<string> paths, IFileSystem fileSystem)
    {
        if (paths.Count == 0)
        {
            throw new ArgumentException("A backup needs at least one path.", nameof(paths));
        }

        var roots = new List<BackupRoot>(paths.Count);
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var path in paths)
        {
            ArgumentException.ThrowIfNullOrEmpty(path);
            var full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(path));
            var name = Path.GetFileName(full);
            if (name.Length == 0)
            {
                // A file-system root ("/", "C:\") has no last component.
                name = "root";
            }

            if (!names.Add(name))
            {
                throw new ArgumentException($"Two backup paths end in '{name}'; each path becomes a top-level entry named by its last component.", nameof(paths));
            }

            roots.Add(new BackupRoot(full, name, fileSystem.GetMetadata(full)));
        }

        return roots;
    }
}
