using RetroGrid.Core.Formats;

namespace RetroGrid.Core.Restore;

/// <summary>
/// A file being restored: written under <see cref="TempPath"/> blob by blob (in whatever order the packs deliver),
/// renamed to <see cref="FinalPath"/> when its last blob is in, or deleted if any blob failed. Paths are built when
/// used, from the folder's: a restore plans every file before the first download, so per-file strings add up.
/// </summary>
/// <param name="node">The file's entry in the snapshot.</param>
/// <param name="folder">Its folder.</param>
/// <param name="finalName">The name to restore to when not the snapshot's (an existing file kept), else null.</param>
/// <param name="id">Unique in the run: names the temporary file.</param>
/// <param name="blobCount">Blob writes to wait for.</param>
internal sealed class RestoreFile(TreeNode node, RestoreFolder folder, string? finalName, int id, int blobCount)
{
    private int _remaining = blobCount;
    private string? _failure;

    public TreeNode Node { get; } = node;

    public string SnapshotPath => folder.SnapshotPathOf(Node.Name);

    public string FinalPath => Path.Join(folder.Path, finalName ?? Node.Name);

    public string TempPath => Path.Join(folder.Path, $"{folder.TempPrefix}{id}.tmp");

    public string? Failure => Volatile.Read(ref _failure);

    /// <summary>Records the first reason this file cannot be restored.</summary>
    public void Fail(string reason) => Interlocked.CompareExchange(ref _failure, reason, null);

    /// <summary>Counts one blob done (written or failed); true for the caller that finished the file's last blob.</summary>
    public bool BlobDone() => Interlocked.Decrement(ref _remaining) == 0;
}
