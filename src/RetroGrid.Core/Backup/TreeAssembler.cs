using RetroGrid.Core.Formats;
using RetroGrid.Core.Repository;

namespace RetroGrid.Core.Backup;

/// <summary>
/// Turns pending directories into tree blobs as soon as their last entry is done, and passes each tree's id up to its
/// parent. One lock guards every pending directory's slots and links; the work under it is a few field updates, while
/// encoding and storing a tree happen outside it.
/// </summary>
internal sealed class TreeAssembler(BackupSet set, IBlobQueue blobs)
{
    private readonly Lock _lock = new();

    /// <summary>Adds one more slot to wait for (a file handed to a reader).</summary>
    public void Hold(PendingDirectory directory)
    {
        lock (_lock)
        {
            directory.Remaining++;
        }
    }

    /// <summary>Fills a slot the scanner resolved itself (unchanged file, symlink, …); never completes the directory.</summary>
    public void Fill(PendingDirectory directory, int slot, TreeNode node)
    {
        lock (_lock)
        {
            directory.Slots[slot] = node;
        }
    }

    /// <summary>Links a listed directory to the slot of its parent that holds its node (whose Subtree it provides).</summary>
    public void Link(PendingDirectory child, PendingDirectory parent, int slot)
    {
        lock (_lock)
        {
            if (child.TreeId is { } id)
            {
                parent.Slots[slot] = parent.Slots[slot]! with { Subtree = id };
                return;
            }

            child.Parent = parent;
            child.ParentSlot = slot;
            parent.Remaining++;
        }
    }

    /// <summary>Fills a held slot (null = leave the entry out) and completes the directory, and its ancestors, if it was the last.</summary>
    public ValueTask CompleteAsync(PendingDirectory directory, int slot, TreeNode? node, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            directory.Slots[slot] = node;
            if (--directory.Remaining > 0)
            {
                return ValueTask.CompletedTask;
            }
        }

        return FinishAsync(directory, cancellationToken);
    }

    /// <summary>Releases the scanner's hold once every entry of the listing has been handed out.</summary>
    public ValueTask ReleaseAsync(PendingDirectory directory, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if (--directory.Remaining > 0)
            {
                return ValueTask.CompletedTask;
            }
        }

        return FinishAsync(directory, cancellationToken);
    }

    private async ValueTask FinishAsync(PendingDirectory directory, CancellationToken cancellationToken)
    {
        for (var current = directory; current is not null;)
        {
            // Slots are no longer written once Remaining reached zero, so they can be read without the lock.
            var (id, plaintext) = set.EncodeTree(Tree.Create(current.Slots.OfType<TreeNode>()));
            await blobs.StoreTreeAsync(id, plaintext, cancellationToken).ConfigureAwait(false);
            PendingDirectory? next = null;
            lock (_lock)
            {
                current.Complete(id);
                if (current.Parent is { } parent)
                {
                    parent.Slots[current.ParentSlot] = parent.Slots[current.ParentSlot]! with { Subtree = id };
                    if (--parent.Remaining == 0)
                    {
                        next = parent;
                    }
                }
            }

            current = next;
        }
    }
}
