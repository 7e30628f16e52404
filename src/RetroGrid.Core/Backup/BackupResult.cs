using RetroGrid.Core.Formats;

namespace RetroGrid.Core.Backup;

/// <summary>A finished backup: the name of its <c>snapshots/</c> object and the snapshot itself (statistics, warnings).</summary>
public sealed record BackupResult(string SnapshotName, Snapshot Snapshot);
