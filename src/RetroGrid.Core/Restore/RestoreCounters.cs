namespace RetroGrid.Core.Restore;

/// <summary>Running totals of one restore.</summary>
internal sealed class RestoreCounters
{
    private long _filesTotal;
    private long _bytesTotal;
    private long _filesDone;
    private long _bytesDone;

    public long FilesTotal => Volatile.Read(ref _filesTotal);

    public long BytesTotal => Volatile.Read(ref _bytesTotal);

    public long FilesDone => Volatile.Read(ref _filesDone);

    public long BytesDone => Volatile.Read(ref _bytesDone);

    public void Planned(long size)
    {
        Interlocked.Increment(ref _filesTotal);
        Interlocked.Add(ref _bytesTotal, size);
    }

    public void Written(long bytes) => Interlocked.Add(ref _bytesDone, bytes);

    public void FileDone() => Interlocked.Increment(ref _filesDone);

    public RestoreProgress ToProgress(TimeSpan elapsed)
    {
        var done = BytesDone;
        var rate = elapsed > TimeSpan.Zero ? done / elapsed.TotalSeconds : 0;
        TimeSpan? remaining = rate > 0 ? TimeSpan.FromSeconds(Math.Max(0, BytesTotal - done) / rate) : null;
        return new RestoreProgress(FilesTotal, BytesTotal, FilesDone, done, rate, remaining);
    }
}
