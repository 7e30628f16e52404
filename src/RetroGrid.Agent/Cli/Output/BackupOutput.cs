namespace RetroGrid.Agent.Cli.Output;

internal sealed record BackupOutput(
    SnapshotOutput Snapshot, long FilesNew, long BytesNew, long BytesUploaded, double DurationSeconds, IReadOnlyList<WarningOutput> Warnings);
