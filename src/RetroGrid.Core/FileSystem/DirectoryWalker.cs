namespace RetroGrid.Core.FileSystem;

/// <summary>
/// Walks a tree depth-first without holding it in memory: only the listings of the directories on the current path
/// (O(depth × width)), whatever the total number of files. Symlinks are never followed. Entries that cannot be read or
/// that vanish become <see cref="WalkWarning"/>s in their directory's batch; the walk goes on.
/// </summary>
internal sealed class DirectoryWalker
{
    private static readonly EnumerationOptions ListOptions = new()
    {
        RecurseSubdirectories = false,
        IgnoreInaccessible = false,
        AttributesToSkip = 0,
        ReturnSpecialDirectories = false,
        MatchType = MatchType.Simple,
    };

    private readonly IFileSystem _fileSystem;
    private readonly bool _stayOnFileSystem;
    private readonly Func<DirectoryEntry, bool>? _include;

    /// <summary>
    /// With <paramref name="stayOnFileSystem"/>, directories on another device than the root (mount points) are listed but not entered.
    /// Entries for which <paramref name="include"/> returns false (backup excludes) are left out of their batch and never entered.
    /// </summary>
    public DirectoryWalker(IFileSystem fileSystem, bool stayOnFileSystem = false, Func<DirectoryEntry, bool>? include = null)
    {
        ArgumentNullException.ThrowIfNull(fileSystem);
        _fileSystem = fileSystem;
        _stayOnFileSystem = stayOnFileSystem;
        _include = include;
    }

    /// <summary>Batches in post-order (children before parents). <paramref name="root"/> must be a directory.</summary>
    public IEnumerable<DirectoryBatch> Walk(string root, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(root);
        var rootMetadata = _fileSystem.GetMetadata(root);
        if (rootMetadata.Kind != FileKind.Directory)
        {
            throw new ArgumentException($"'{root}' is not a directory.", nameof(root));
        }

        return WalkIterator(root, rootMetadata.Device, cancellationToken);
    }

    private IEnumerable<DirectoryBatch> WalkIterator(string root, ulong rootDevice, CancellationToken cancellationToken)
    {
        var stack = new Stack<Frame>();
        stack.Push(List(root, 0));
        while (stack.Count > 0)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var frame = stack.Peek();
            if (NextSubdirectory(frame, rootDevice) is { } child)
            {
                stack.Push(List(child.Path, frame.Depth + 1));
                continue;
            }

            stack.Pop();
            yield return new DirectoryBatch(frame.Path, frame.Depth, frame.Entries, frame.Warnings);
        }
    }

    private DirectoryEntry? NextSubdirectory(Frame frame, ulong rootDevice)
    {
        while (frame.NextIndex < frame.Entries.Count)
        {
            var entry = frame.Entries[frame.NextIndex++];
            if (entry.Metadata.Kind == FileKind.Directory && (!_stayOnFileSystem || entry.Metadata.Device == rootDevice))
            {
                return entry;
            }
        }

        return null;
    }

    private Frame List(string path, int depth)
    {
        var warnings = new List<WalkWarning>();
        var entries = new List<DirectoryEntry>();
        var names = ListNames(path, warnings);
        foreach (var name in names)
        {
            var entryPath = Path.Join(path, name);
            if (TryGetMetadata(entryPath, warnings) is { } metadata)
            {
                var entry = new DirectoryEntry(name, entryPath, metadata);
                if (_include is null || _include(entry))
                {
                    entries.Add(entry);
                }
            }
        }

        return new Frame(path, depth, entries, warnings);
    }

    private static List<string> ListNames(string path, List<WalkWarning> warnings)
    {
        var names = new List<string>();
        try
        {
            foreach (var entry in Directory.EnumerateFileSystemEntries(path, "*", ListOptions))
            {
                names.Add(Path.GetFileName(entry));
            }
        }
        catch (Exception ex) when (ToWarning(path, ex) is { } warning)
        {
            // The directory is still recorded (empty, with the warning), so a restore recreates it.
            warnings.Add(warning);
        }

        // Ordinal: the same bytes sort the same on every machine and culture, so an unchanged directory's tree dedupes.
        names.Sort(StringComparer.Ordinal);
        return names;
    }

    private FileMetadata? TryGetMetadata(string path, List<WalkWarning> warnings)
    {
        try
        {
            return _fileSystem.GetMetadata(path);
        }
        catch (Exception ex) when (ToWarning(path, ex) is { } warning)
        {
            warnings.Add(warning);
            return null;
        }
    }

    private static WalkWarning? ToWarning(string path, Exception exception) => exception switch
    {
        UnauthorizedAccessException => new WalkWarning(path, WalkWarningKind.PermissionDenied, exception.Message),
        FileNotFoundException or DirectoryNotFoundException => new WalkWarning(path, WalkWarningKind.Vanished, exception.Message),
        IOException => new WalkWarning(path, WalkWarningKind.IOError, exception.Message),
        _ => null,
    };

    private sealed class Frame(string path, int depth, List<DirectoryEntry> entries, List<WalkWarning> warnings)
    {
        public string Path { get; } = path;

        public int Depth { get; } = depth;

        public List<DirectoryEntry> Entries { get; } = entries;

        public List<WalkWarning> Warnings { get; } = warnings;

        public int NextIndex { get; set; }
    }
}
