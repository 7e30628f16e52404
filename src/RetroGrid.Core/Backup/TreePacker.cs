using RetroGrid.Core.Hashing;

namespace RetroGrid.Core.Backup;

/// <summary>
/// Stores the run's new trees in packs of their own, through one <see cref="Packer"/> behind a lock: trees come from
/// every reader and the scanner, but they are small and few next to the data. Kept apart from data, they are also
/// what a restore, a check or a browse reads first, from a few small packs.
/// </summary>
internal sealed class TreePacker(BlobDeduplicator dedup, BackupCounters counters, Packer packer) : IBlobQueue, IAsyncDisposable
{
    private readonly SemaphoreSlim _lock = new(1, 1);

    public async ValueTask StoreTreeAsync(BlobId id, byte[] plaintext, CancellationToken cancellationToken)
    {
        if (!await dedup.ClaimNewAsync(id, cancellationToken).ConfigureAwait(false))
        {
            return;
        }

        await _lock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            counters.New(plaintext.Length);
            await packer.AddAsync(id, BlobType.Tree, plaintext, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _lock.Release();
        }
    }

    /// <summary>Closes the open tree pack once every tree of the run is stored.</summary>
    public async ValueTask FinishAsync(CancellationToken cancellationToken)
    {
        await _lock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await packer.FinishAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _lock.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await packer.DisposeAsync().ConfigureAwait(false);
        _lock.Dispose();
    }
}
