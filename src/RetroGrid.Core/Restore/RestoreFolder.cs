namespace RetroGrid.Core.Restore;

/// <summary>
/// A folder of the restore as its files see it: its path at the target and in the snapshot, shared by every file in
/// it, so that a plan of many files does not hold each file's full paths.
/// </summary>
/// <param name="Path">The folder at the target.</param>
/// <param name="SnapshotPath">The folder in the snapshot ("" for the top).</param>
/// <param name="TempPrefix">This run's prefix for temporary file names (random, so they cannot meet a real name).</param>
internal sealed record RestoreFolder(string Path, string SnapshotPath, string TempPrefix)
{
    public string SnapshotPathOf(string name) => SnapshotPath.Length == 0 ? name : $"{SnapshotPath}/{name}";
}
