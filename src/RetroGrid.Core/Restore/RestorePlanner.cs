using System.Security.Cryptography;
using RetroGrid.Core.Backup;
using RetroGrid.Core.FileSystem;
using RetroGrid.Core.Formats;
using RetroGrid.Core.Hashing;
using RetroGrid.Core.Repository;

namespace RetroGrid.Core.Restore;

/// <summary>
/// Walks the snapshot's trees, creates the selected directories and symlinks, applies the existing-file policy, and
/// plans every selected file: which blobs it needs at which offsets, with each blob located in its pack. Nothing is
/// downloaded here, so a planned total is known before the first byte moves.
/// </summary>
internal sealed class RestorePlanner(
    BackupSet set, IFileSystem fileSystem, ExistingEntries existing, IReadOnlyList<PathGlob> includes,
    MetadataWriter metadata, RestoreReport report, RestoreCounters counters)
{
    public Dictionary<BlobId, PlannedBlob> Blobs { get; } = [];

    /// <summary>Files with no content: finished without any download.</summary>
    public List<RestoreFile> EmptyFiles { get; } = [];

    /// <summary>Selected directories, children before parents.</summary>
    public List<RestoreDirectory> Directories { get; } = [];

    /// <summary>Files found identical at the target and left as they are.</summary>
    public long FilesSkipped { get; private set; }

    /// <summary>Directories known to exist: a file's parent is created once, not once per file.</summary>
    private readonly HashSet<string> _created = new(StringComparer.Ordinal);
    private int _files;

    public async Task PlanAsync(Tree top, string target, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(target);
        _created.Add(target);
        var folder = new RestoreFolder(target, string.Empty, $".rg-restore-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8))}-");
        foreach (var node in top.Nodes)
        {
            await VisitAsync(node, folder, selected: includes.Count == 0, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task VisitAsync(TreeNode node, RestoreFolder parent, bool selected, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var snapshotPath = parent.SnapshotPathOf(node.Name);
        var path = Path.Join(parent.Path, node.Name);
        if (node.Name.Contains(Path.DirectorySeparatorChar, StringComparison.Ordinal) || node.Name.Contains(Path.AltDirectorySeparatorChar, StringComparison.Ordinal))
        {
            report.Fail(snapshotPath, "the name cannot be used on this platform.");
            return;
        }

        selected = selected || includes.Any(g => g.IsMatch(snapshotPath));
        switch (node.Kind)
        {
            case NodeKind.Directory:
                await VisitDirectoryAsync(node, parent with { Path = path, SnapshotPath = snapshotPath }, selected, cancellationToken).ConfigureAwait(false);
                break;
            case NodeKind.File when selected:
                await PlanFileAsync(node, parent, path, snapshotPath, cancellationToken).ConfigureAwait(false);
                break;
            case NodeKind.Symlink when selected:
                await CreateSymlinkAsync(node, path, snapshotPath, cancellationToken).ConfigureAwait(false);
                break;
            case NodeKind.Other when selected:
                report.Warn(snapshotPath, "special files (devices, FIFOs, sockets) are not restored.");
                break;
        }
    }

    private async Task VisitDirectoryAsync(TreeNode node, RestoreFolder folder, bool selected, CancellationToken cancellationToken)
    {
        var (path, snapshotPath) = (folder.Path, folder.SnapshotPath);
        if (selected)
        {
            try
            {
                Directory.CreateDirectory(path);
                _created.Add(path);
            }
            catch (IOException ex)
            {
                report.Fail(snapshotPath, $"the directory cannot be created ({ex.Message}); its contents are not restored.");
                return;
            }
        }

        // An unselected directory is still walked: a glob may select something below it.
        var tree = await set.LoadTreeAsync(node.Subtree!.Value, cancellationToken).ConfigureAwait(false);
        foreach (var child in tree.Nodes)
        {
            await VisitAsync(child, folder, selected, cancellationToken).ConfigureAwait(false);
        }

        if (selected)
        {
            Directories.Add(new RestoreDirectory(path, snapshotPath, node));
        }
    }

    private async Task PlanFileAsync(TreeNode node, RestoreFolder folder, string path, string snapshotPath, CancellationToken cancellationToken)
    {
        EnsureParentExists(path);
        var decision = await existing.DecideAsync(path, node, cancellationToken).ConfigureAwait(false);
        if (decision.Skip)
        {
            FilesSkipped++;
            return;
        }

        if (decision.Failure is { } failure)
        {
            report.Fail(snapshotPath, failure);
            return;
        }

        var content = node.Content ?? [];
        var finalName = decision.Path == path ? null : Path.GetFileName(decision.Path!);
        var file = new RestoreFile(node, folder, finalName, _files++, content.Count);
        if (content.Count == 0)
        {
            counters.Planned(0);
            EmptyFiles.Add(file);
            return;
        }

        long offset = 0;
        var located = new List<(PlannedBlob Blob, long Offset)>(content.Count);
        foreach (var id in content)
        {
            if (!Blobs.TryGetValue(id, out var blob))
            {
                if (await set.Index.LookupAsync(id, cancellationToken).ConfigureAwait(false) is not { } location)
                {
                    report.Fail(snapshotPath, $"blob {id} is in no pack of the set.");
                    return;
                }

                blob = new PlannedBlob(location.PackName, location.Entry, []);
                Blobs.Add(id, blob);
            }

            located.Add((blob, offset));
            offset += blob.Entry.RawLength;
        }

        if (offset != node.Size)
        {
            report.Fail(snapshotPath, $"its content adds up to {offset} bytes, but its size is {node.Size}.");
            return;
        }

        counters.Planned(node.Size);
        foreach (var (blob, blobOffset) in located)
        {
            blob.Targets.Add(new BlobTarget(file, blobOffset));
        }
    }

    private async Task CreateSymlinkAsync(TreeNode node, string path, string snapshotPath, CancellationToken cancellationToken)
    {
        EnsureParentExists(path);
        var decision = await existing.DecideAsync(path, node, cancellationToken).ConfigureAwait(false);
        if (decision.Skip)
        {
            return;
        }

        if (decision.Failure is { } failure)
        {
            report.Fail(snapshotPath, failure);
            return;
        }

        try
        {
            if (decision.Path == path && (File.Exists(path) || new FileInfo(path).LinkTarget is not null))
            {
                File.Delete(path);
            }

            fileSystem.CreateSymlink(decision.Path!, node.LinkTarget!);
            metadata.Apply(decision.Path!, snapshotPath, node);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            report.Fail(snapshotPath, $"the symlink cannot be created ({ex.Message}).");
        }
    }

    private void EnsureParentExists(string path)
    {
        var parent = Path.GetDirectoryName(path)!;
        if (_created.Add(parent))
        {
            Directory.CreateDirectory(parent);
        }
    }
}
