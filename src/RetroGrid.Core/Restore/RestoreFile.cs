using RetroGrid.Core.Formats;

namespace RetroGrid.Core.Restore;

/// <summary>
/// A file being restored: written under <see cref="TempPath"/> blob by blob (in whatever order the packs deliver),
/// renamed to <see cref="FinalPath"/> when its last blob is in, or deleted if any blob failed.
/// </summary>
internal sealed class RestoreFile(TreeNode node, string snapshotPath, string finalPath, string tempPath, int blobCount)
{
    private int _remaining = blobCount;
    private string? _failure;

    public TreeNode Node { get; } = node;

    public string SnapshotPath { get; } = snapshotPath;

    public string FinalPath { get; } = finalPath;

    public string TempPath { get; } = tempPath;

    public string? Failure => Volatile.Read(ref _failure);

    /// <summary>Records the first reason this file cannot be restored.</summary>
    public void Fail(string reason) => Interlocked.CompareExchange(ref _failure, reason, null);

    /// <summary>Counts one blob done (written or failed); true for the caller that finished the file's last blob.</summary>
    public bool BlobDone() => Interlocked.Decrement(ref _remaining) == 0;
}
