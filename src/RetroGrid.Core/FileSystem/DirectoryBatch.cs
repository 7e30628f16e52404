namespace RetroGrid.Core.FileSystem;

/// <summary>
/// One directory, listed: its entries sorted by name (ordinal), with the warnings met while listing it. Batches come
/// in post-order, so every subdirectory's batch precedes its parent's: a tree builder has each child's tree ready
/// when the parent arrives. Depth is 0 for the walk's root.
/// </summary>
internal sealed record DirectoryBatch(
    string Path,
    int Depth,
    IReadOnlyList<DirectoryEntry> Entries,
    IReadOnlyList<WalkWarning> Warnings);
