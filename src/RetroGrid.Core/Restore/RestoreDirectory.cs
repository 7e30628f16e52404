using RetroGrid.Core.Formats;

namespace RetroGrid.Core.Restore;

/// <summary>A restored directory whose metadata is applied after all its contents (writing into it would change its mtime).</summary>
internal sealed record RestoreDirectory(string Path, string SnapshotPath, TreeNode Node);
