using RetroGrid.Core.Formats;
using RetroGrid.Core.Hashing;

namespace RetroGrid.Core.Backup;

/// <summary>
/// A directory whose tree is being assembled: one slot per entry, filled as files finish and subdirectories complete.
/// It exists only from its listing until its tree is written, so per-file state never outlives its directory. All
/// mutable fields are guarded by the <see cref="TreeAssembler"/>'s lock.
/// </summary>
internal sealed class PendingDirectory
{
    public PendingDirectory(string snapshotPath, int slotCount)
    {
        SnapshotPath = snapshotPath;
        Slots = new TreeNode?[slotCount];
    }

    /// <summary>The directory's path inside the snapshot ('/' separated; empty for the snapshot's top).</summary>
    public string SnapshotPath { get; }

    /// <summary>The entries' nodes; a slot left null (an unreadable file) is left out of the tree.</summary>
    public TreeNode?[] Slots { get; private set; }

    /// <summary>Slots still to be filled, plus one hold while the scanner is still adding work for this directory.</summary>
    public int Remaining { get; set; } = 1;

    /// <summary>Where the finished tree's id goes, once the parent's listing has arrived (listings come children first).</summary>
    public PendingDirectory? Parent { get; set; }

    public int ParentSlot { get; set; }

    /// <summary>The tree's id once complete, kept until the parent links to it.</summary>
    public BlobId? TreeId { get; private set; }

    /// <summary>
    /// Records the written tree and drops the entries' nodes: listings come children first, so a finished directory may
    /// wait for its parent's listing for a long time (a thousand sibling folders), and only its id is needed then.
    /// </summary>
    public void Complete(BlobId treeId)
    {
        TreeId = treeId;
        Slots = [];
    }
}
