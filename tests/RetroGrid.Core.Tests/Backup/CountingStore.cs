using RetroGrid.Core.Formats;
using RetroGrid.Core.Storage;
using RetroGrid.Core.Tests.Storage;

namespace RetroGrid.Core.Tests.Backup;

/// <summary>Counts committed pack uploads; optionally cancels a token right after the Nth commit (a deterministic interruption).</summary>
internal sealed class CountingStore(IBackupStore inner, int cancelAfterCommits = 0, CancellationTokenSource? cancel = null)
    : DelegatingBackupStore(inner)
{
    private int _commits;

    public int Commits => Volatile.Read(ref _commits);

    public override async Task<IPackUpload> BeginPackUploadAsync(CancellationToken cancellationToken) =>
        new Upload(await Inner.BeginPackUploadAsync(cancellationToken), this);

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

        public async Task<BackupObjectInfo> CompleteAsync(string packName, IReadOnlyList<PackIndexEntry> entries, CancellationToken cancellationToken)
        {
            var info = await inner.CompleteAsync(packName, entries, cancellationToken);
            owner.Committed();
            return info;
        }

        public Task AbortAsync(CancellationToken cancellationToken) => inner.AbortAsync(cancellationToken);

        public ValueTask DisposeAsync() => inner.DisposeAsync();
    }
}
