namespace RetroGrid.Core.Backup;

/// <summary>The running totals of one backup, updated from every stage with interlocked operations.</summary>
internal sealed class BackupCounters
{
    private long _filesScanned;
    private long _directoriesScanned;
    private long _bytesScanned;
    private long _filesDone;
    private long _bytesDone;
    private long _filesRead;
    private long _bytesRead;
    private long _bytesNew;
    private long _bytesUploaded;
    private string? _currentPath;

    public long FilesScanned => Volatile.Read(ref _filesScanned);

    public long DirectoriesScanned => Volatile.Read(ref _directoriesScanned);

    public long BytesScanned => Volatile.Read(ref _bytesScanned);

    public long FilesDone => Volatile.Read(ref _filesDone);

    public long BytesDone => Volatile.Read(ref _bytesDone);

    /// <summary>Files whose content was read (new or changed since the parent).</summary>
    public long FilesRead => Volatile.Read(ref _filesRead);

    public long BytesRead => Volatile.Read(ref _bytesRead);

    public long BytesNew => Volatile.Read(ref _bytesNew);

    public long BytesUploaded => Volatile.Read(ref _bytesUploaded);

    public string? CurrentPath => Volatile.Read(ref _currentPath);

    /// <summary>Set by the scanner once every path has been listed: from then on the totals are final and an ETA exists.</summary>
    public bool ScanComplete { get; set; }

    public void FileScanned(long size)
    {
        Interlocked.Increment(ref _filesScanned);
        Interlocked.Add(ref _bytesScanned, size);
    }

    public void DirectoryScanned() => Interlocked.Increment(ref _directoriesScanned);

    public void FileDone(long size)
    {
        Interlocked.Increment(ref _filesDone);
        Interlocked.Add(ref _bytesDone, size);
    }

    public void FileStarted(string path)
    {
        Interlocked.Increment(ref _filesRead);
        Volatile.Write(ref _currentPath, path);
    }

    public void Read(long bytes) => Interlocked.Add(ref _bytesRead, bytes);

    public void New(long bytes) => Interlocked.Add(ref _bytesNew, bytes);

    public void Uploaded(long bytes) => Interlocked.Add(ref _bytesUploaded, bytes);

    public BackupProgress ToProgress(TimeSpan elapsed)
    {
        var done = BytesDone;
        var rate = elapsed > TimeSpan.Zero ? done / elapsed.TotalSeconds : 0;
        TimeSpan? remaining = ScanComplete && rate > 0 ? TimeSpan.FromSeconds(Math.Max(0, BytesScanned - done) / rate) : null;
        return new BackupProgress(FilesScanned, BytesScanned, FilesDone, BytesRead, BytesNew, BytesUploaded, rate, remaining, CurrentPath);
    }
}
