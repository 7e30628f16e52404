using RetroGrid.Core.Errors;
using RetroGrid.Core.Formats;
using RetroGrid.Core.Hashing;
using RetroGrid.Core.Repository;

namespace RetroGrid.Core.Backup;

/// <summary>
/// The parent snapshot's trees, loaded on demand by path and forgotten once their directory has been scanned: only
/// the trees on the walk's current path are held. A damaged parent tree only costs re-reading that directory.
/// </summary>
internal sealed class ParentTrees(BackupSet set, BlobId? rootTree)
{
    private readonly Dictionary<string, Tree?> _cache = new(StringComparer.Ordinal);

    public async ValueTask<Tree?> GetAsync(string snapshotPath, CancellationToken cancellationToken)
    {
        if (rootTree is not { } root)
        {
            return null;
        }

        if (_cache.TryGetValue(snapshotPath, out var cached))
        {
            return cached;
        }

        BlobId? id;
        if (snapshotPath.Length == 0)
        {
            id = root;
        }
        else
        {
            var slash = snapshotPath.LastIndexOf('/');
            var parent = await GetAsync(slash < 0 ? string.Empty : snapshotPath[..slash], cancellationToken).ConfigureAwait(false);
            var node = TreeNodes.Find(parent, snapshotPath[(slash + 1)..]);
            id = node is { Kind: NodeKind.Directory } ? node.Subtree : null;
        }

        Tree? tree = null;
        if (id is { } treeId)
        {
            try
            {
                tree = await set.LoadTreeAsync(treeId, cancellationToken).ConfigureAwait(false);
            }
            catch (RetroGridFormatException)
            {
                // The parent is only an optimisation: without it, this directory's files are read again.
                tree = null;
            }
        }

        _cache[snapshotPath] = tree;
        return tree;
    }

    /// <summary>Drops a directory's tree once its listing has been processed (walks are post-order, so it is not needed again).</summary>
    public void Forget(string snapshotPath) => _cache.Remove(snapshotPath);
}
