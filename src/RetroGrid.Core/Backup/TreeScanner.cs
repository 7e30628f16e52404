using System.Threading.Channels;
using RetroGrid.Core.FileSystem;
using RetroGrid.Core.Formats;
using RetroGrid.Core.Hashing;

namespace RetroGrid.Core.Backup;

/// <summary>
/// Walks the roots (post-order, one directory listing at a time), resolves what needs no reading (unchanged files,
/// symlinks, special files) and queues the rest for the readers. Directories listed before their parent wait in a
/// map keyed by path until the parent's listing links them, so memory is bounded by the walk's depth × width.
/// </summary>
internal sealed class TreeScanner(
    IFileSystem fileSystem,
    DirectoryWalker walker,
    TreeAssembler assembler,
    ParentTrees parentTrees,
    BackupCounters counters,
    WarningCollector warnings,
    IBlobQueue blobs,
    BlobId emptyTreeId,
    byte[] emptyTree)
{
    private readonly Dictionary<string, PendingDirectory> _unlinked = new(StringComparer.Ordinal);
    private bool _emptyTreeStored;

    /// <summary>Scans every root into <paramref name="top"/> (one slot per root) and releases its hold.</summary>
    public async Task RunAsync(IReadOnlyList<BackupRoot> roots, PendingDirectory top, ChannelWriter<FileWork> files, CancellationToken cancellationToken)
    {
        var topTree = await parentTrees.GetAsync(string.Empty, cancellationToken).ConfigureAwait(false);
        for (var i = 0; i < roots.Count; i++)
        {
            var root = roots[i];
            var template = TreeNodes.FromMetadata(root.Name, root.Metadata);
            if (root.Metadata.Kind == FileKind.Directory)
            {
                assembler.Fill(top, i, template with { Xattrs = ReadXattrs(root.FullPath) });
                foreach (var batch in walker.Walk(root.FullPath, cancellationToken))
                {
                    await ScanDirectoryAsync(root, batch, files, cancellationToken).ConfigureAwait(false);
                }

                assembler.Link(_unlinked[root.FullPath], top, i);
                _unlinked.Remove(root.FullPath);
            }
            else
            {
                await ScanEntryAsync(top, i, root.FullPath, root.Metadata, template, TreeNodes.Find(topTree, root.Name), files, cancellationToken).ConfigureAwait(false);
            }
        }

        counters.ScanComplete = true;
        await assembler.ReleaseAsync(top, cancellationToken).ConfigureAwait(false);
    }

    private async ValueTask ScanDirectoryAsync(BackupRoot root, DirectoryBatch batch, ChannelWriter<FileWork> files, CancellationToken cancellationToken)
    {
        var snapshotPath = SnapshotPathOf(root, batch.Path);
        var previous = await parentTrees.GetAsync(snapshotPath, cancellationToken).ConfigureAwait(false);
        var directory = new PendingDirectory(snapshotPath, batch.Entries.Count);
        counters.DirectoryScanned();
        foreach (var warning in batch.Warnings)
        {
            warnings.Add(warning);
        }

        for (var i = 0; i < batch.Entries.Count; i++)
        {
            var entry = batch.Entries[i];
            var template = TreeNodes.FromMetadata(entry.Name, entry.Metadata);
            if (entry.Metadata.Kind == FileKind.Directory)
            {
                assembler.Fill(directory, i, template with { Xattrs = ReadXattrs(entry.Path) });
                if (_unlinked.Remove(entry.Path, out var child))
                {
                    assembler.Link(child, directory, i);
                }
                else
                {
                    // Not entered (another file system, with StayOnFileSystem): recorded as an empty directory.
                    await StoreEmptyTreeAsync(cancellationToken).ConfigureAwait(false);
                    assembler.Fill(directory, i, template with { Subtree = emptyTreeId, Xattrs = ReadXattrs(entry.Path) });
                }
            }
            else
            {
                await ScanEntryAsync(directory, i, entry.Path, entry.Metadata, template, TreeNodes.Find(previous, entry.Name), files, cancellationToken).ConfigureAwait(false);
            }
        }

        _unlinked[batch.Path] = directory;
        parentTrees.Forget(snapshotPath);
        await assembler.ReleaseAsync(directory, cancellationToken).ConfigureAwait(false);
    }

    private async ValueTask ScanEntryAsync(
        PendingDirectory directory, int slot, string path, FileMetadata metadata, TreeNode template, TreeNode? previous,
        ChannelWriter<FileWork> files, CancellationToken cancellationToken)
    {
        switch (metadata.Kind)
        {
            case FileKind.Regular:
                counters.FileScanned(metadata.Size);
                if (TreeNodes.IsUnchanged(previous, metadata))
                {
                    // Xattr changes move ctime, so an unchanged file's attributes are the parent's too.
                    assembler.Fill(directory, slot, template with { Content = previous!.Content, Xattrs = previous.Xattrs });
                    counters.FileDone(metadata.Size);
                    return;
                }

                assembler.Hold(directory);
                await files.WriteAsync(new FileWork(directory, slot, path, metadata, template), cancellationToken).ConfigureAwait(false);
                return;
            case FileKind.Symlink:
                try
                {
                    assembler.Fill(directory, slot, template with { LinkTarget = fileSystem.ReadSymlinkTarget(path), Xattrs = ReadXattrs(path) });
                }
                catch (Exception ex) when (warnings.TryAdd(path, ex))
                {
                    // Left out of the tree; the warning says why.
                }

                return;
            default:
                // Devices, FIFOs, sockets: metadata only, never opened (opening a FIFO would block).
                assembler.Fill(directory, slot, template with { Xattrs = ReadXattrs(path) });
                return;
        }
    }

    private IReadOnlyList<Xattr>? ReadXattrs(string path)
    {
        try
        {
            return TreeNodes.ToXattrs(fileSystem.GetExtendedAttributes(path));
        }
        catch (Exception ex) when (warnings.TryAdd(path, ex))
        {
            return null;
        }
    }

    private async ValueTask StoreEmptyTreeAsync(CancellationToken cancellationToken)
    {
        if (!_emptyTreeStored)
        {
            _emptyTreeStored = true;
            await blobs.StoreTreeAsync(emptyTreeId, emptyTree, cancellationToken).ConfigureAwait(false);
        }
    }

    private static string SnapshotPathOf(BackupRoot root, string path)
    {
        var relative = Path.GetRelativePath(root.FullPath, path);
        if (relative == ".")
        {
            return root.Name;
        }

        return root.Name + "/" + (Path.DirectorySeparatorChar == '/' ? relative : relative.Replace(Path.DirectorySeparatorChar, '/'));
    }
}
