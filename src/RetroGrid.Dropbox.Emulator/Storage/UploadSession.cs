namespace RetroGrid.Dropbox.Emulator.Storage;

/// <summary>
/// A live upload session. Sequential sessions serialise appends and finish through <see cref="Gate"/>; concurrent
/// sessions let chunk bodies stream in parallel and only take <see cref="Sync"/> to record a finished chunk.
/// </summary>
internal sealed class UploadSession : IDisposable
{
    public UploadSession(SessionRecord record, string dataPath, string statePath)
    {
        Record = record;
        DataPath = dataPath;
        StatePath = statePath;
    }

    public SessionRecord Record { get; }

    public string DataPath { get; }

    public string StatePath { get; }

    public SemaphoreSlim Gate { get; } = new(1, 1);

    public object Sync { get; } = new();

    /// <summary>Running hash of a sequential session; null until needed (rebuilt from disk after a restart).</summary>
    public ContentHashAccumulator? Hasher { get; set; }

    /// <summary>Set once finished or expired; later calls see <c>not_found</c>.</summary>
    public bool Gone { get; set; }

    public void Save() => AtomicFile.Write(StatePath, Record, PersistenceJsonContext.Default.SessionRecord);

    public ContentHashAccumulator EnsureHasher() =>
        Hasher ??= ContentHashAccumulator.Restore(Record.BlockDigests, DataPath, Record.Length);

    public void Dispose()
    {
        Gate.Dispose();
        Hasher?.Dispose();
    }
}
