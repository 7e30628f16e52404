using RetroGrid.Core.Storage;

namespace RetroGrid.Core.Tests.Backup;

/// <summary>Counts committed pack uploads; optionally cancels a token right after the Nth commit (a deterministic interruption).</summary>
internal sealed class CountingStore(IBackupStore inner, int cancelAfterCommits = 0, CancellationTokenSource? cancel = null) : IBackupStore
{
    private int _commits;

    public int Commits => Volatile.Read(ref _commits);

    public Task WriteAsync(BackupObjectKind kind, string name, ReadOnlyMemory<byte> content, CancellationToken cancellationToken) =>
        inner.WriteAsync(kind, name, content, cancellationToken);

    public Task<byte[]> ReadAsync(BackupObjectKind kind, string name, int maxLength, CancellationToken cancellationToken) =>
        inner.ReadAsync(kind, name, maxLength, cancellationToken);

    public Task<byte[]> ReadRangeAsync(BackupObjectKind kind, string name, long offset, int length, CancellationToken cancellationToken) =>
        inner.ReadRangeAsync(kind, name, offset, length, cancellationToken);

    public IAsyncEnumerable<BackupObjectInfo> ListAsync(BackupObjectKind kind, CancellationToken cancellationToken) => inner.ListAsync(kind, cancellationToken);

    public Task DeleteAsync(BackupObjectKind kind, string name, CancellationToken cancellationToken) => inner.DeleteAsync(kind, name, cancellationToken);

    public async Task<IPackUpload> BeginPackUploadAsync(CancellationToken cancellationToken) =>
        new Upload(await inner.BeginPackUploadAsync(cancellationToken), this);

    private void Committed()
    {
        if (Interlocked.Increment(ref _commits) == cancelAfterCommits)
        {
            cancel?.Cancel();
        }
    }

    private sealed class Upload(IPackUpload inner, CountingStore owner) : IPackUpload
    {
        public long Length => inner.Length;

        public ValueTask WriteAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken) => inner.WriteAsync(data, cancellationToken);

        public async Task<BackupObjectInfo> CompleteAsync(string packName, CancellationToken cancellationToken)
        {
            var info = await inner.CompleteAsync(packName, cancellationToken);
            owner.Committed();
            return info;
        }

        public Task AbortAsync(CancellationToken cancellationToken) => inner.AbortAsync(cancellationToken);

        public ValueTask DisposeAsync() => inner.DisposeAsync();
    }
}
