using RetroGrid.Core.Formats;
using RetroGrid.Core.Hashing;
using RetroGrid.Core.Repository;

namespace RetroGrid.Agent.Cli;

/// <summary>Walks a snapshot's trees depth-first in name order, one tree in memory per level.</summary>
internal static class SnapshotWalker
{
    /// <summary>Every entry below <paramref name="tree"/>, with its path ('/' separated, starting with '/').</summary>
    public static async IAsyncEnumerable<(string Path, TreeNode Node)> WalkAsync(
        BackupSet set, BlobId tree, string path, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var loaded = await set.LoadTreeAsync(tree, cancellationToken);
        foreach (var node in loaded.Nodes)
        {
            var childPath = Join(path, node.Name);
            yield return (childPath, node);
            if (node.Subtree is { } subtree)
            {
                await foreach (var child in WalkAsync(set, subtree, childPath, cancellationToken))
                {
                    yield return child;
                }
            }
        }
    }

    /// <summary>
    /// The node at <paramref name="path"/> ('/'-separated, relative to the snapshot root), or null for the root itself.
    /// Throws <see cref="CliException"/> when the path is not in the snapshot.
    /// </summary>
    public static async Task<(string Path, TreeNode? Node)> FindAsync(BackupSet set, Snapshot snapshot, string path, CancellationToken cancellationToken)
    {
        var parts = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var tree = snapshot.RootTree;
        TreeNode? node = null;
        var current = "/";
        foreach (var part in parts)
        {
            if (node is not null)
            {
                tree = node.Subtree ?? throw NotFound(path);
            }

            var loaded = await set.LoadTreeAsync(tree, cancellationToken);
            node = loaded.Nodes.FirstOrDefault(n => string.Equals(n.Name, part, StringComparison.Ordinal)) ?? throw NotFound(path);
            current = Join(current, part);
        }

        return (current, node);
    }

    public static string Join(string parent, string name) => parent.EndsWith('/') ? parent + name : $"{parent}/{name}";

    private static CliException NotFound(string path) => new(AgentErrorCodes.PathNotFound, $"'{path}' is not in the snapshot.");
}
