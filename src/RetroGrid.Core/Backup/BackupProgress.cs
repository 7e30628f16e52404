namespace RetroGrid.Core.Backup;

/// <summary>A throttled view of a running backup.</summary>
/// <param name="FilesScanned">Files found so far (the scan runs ahead of reading, bounded).</param>
/// <param name="BytesScanned">Their total size.</param>
/// <param name="FilesDone">Files fully processed (read, or reused unchanged from the parent).</param>
/// <param name="BytesRead">Bytes actually read from disk (unchanged files cost nothing).</param>
/// <param name="BytesNew">Plaintext bytes of blobs the set did not hold.</param>
/// <param name="BytesUploaded">Bytes sent to the store (sealed, compressed).</param>
/// <param name="BytesPerSecond">Processing rate (bytes of files done per second).</param>
/// <param name="EstimatedRemaining">Known only once the scan has finished.</param>
/// <param name="CurrentPath">A file being read, if any.</param>
public sealed record BackupProgress(
    long FilesScanned,
    long BytesScanned,
    long FilesDone,
    long BytesRead,
    long BytesNew,
    long BytesUploaded,
    double BytesPerSecond,
    TimeSpan? EstimatedRemaining,
    string? CurrentPath);
