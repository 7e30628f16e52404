using Microsoft.Extensions.Logging;

namespace RetroGrid.Core.Restore;

internal static partial class RestoreLog
{
    [LoggerMessage(1, LogLevel.Information, "Restore of snapshot {SnapshotName} planned: {Files} files, {Bytes} bytes in {Reads} ranged reads", EventName = "RestorePlanned")]
    public static partial void Planned(ILogger logger, string snapshotName, long files, long bytes, int reads);

    [LoggerMessage(2, LogLevel.Error, "{Path} not restored: {Reason}", EventName = "FileNotRestored")]
    public static partial void FileFailed(ILogger logger, string path, string reason);

    [LoggerMessage(3, LogLevel.Information, "Restore finished: {Files} files, {Bytes} bytes, {Failures} failures, {Warnings} warnings", EventName = "RestoreFinished")]
    public static partial void Finished(ILogger logger, long files, long bytes, int failures, int warnings);
}
