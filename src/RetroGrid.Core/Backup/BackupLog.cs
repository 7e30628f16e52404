using Microsoft.Extensions.Logging;

namespace RetroGrid.Core.Backup;

internal static partial class BackupLog
{
    [LoggerMessage(1, LogLevel.Information, "Backup of {PathCount} path(s) started; parent snapshot {Parent}", EventName = "BackupStarted")]
    public static partial void Started(ILogger logger, int pathCount, string parent);

    [LoggerMessage(2, LogLevel.Debug, "Pack {PackName} committed: {BlobCount} blobs, {Length} bytes", EventName = "PackCommitted")]
    public static partial void PackCommitted(ILogger logger, string packName, int blobCount, long length);

    [LoggerMessage(3, LogLevel.Warning, "{Path} changed while it was being read", EventName = "FileChangedWhileReading")]
    public static partial void FileChanged(ILogger logger, string path);

    [LoggerMessage(4, LogLevel.Warning, "{Path} skipped: {Reason}", EventName = "FileSkipped")]
    public static partial void FileSkipped(ILogger logger, string path, string reason);

    [LoggerMessage(5, LogLevel.Information, "Snapshot {SnapshotName} written: {Files} files, {BytesNew} new bytes, {BytesUploaded} uploaded, {Warnings} warnings", EventName = "BackupFinished")]
    public static partial void Finished(ILogger logger, string snapshotName, long files, long bytesNew, long bytesUploaded, int warnings);

    [LoggerMessage(6, LogLevel.Warning, "Backup stopped; {Packs} committed pack(s) kept for the next run", EventName = "BackupStopped")]
    public static partial void Stopped(ILogger logger, Exception exception, int packs);

    [LoggerMessage(7, LogLevel.Warning, "Could not write the index file for committed packs; the next open reads them from their trailers", EventName = "IndexFileFailed")]
    public static partial void IndexFileFailed(ILogger logger, Exception exception);
}
