using Microsoft.Extensions.Logging;
using RetroGrid.Core.Packs;
using RetroGrid.Core.Repository;
using RetroGrid.Core.Storage;

namespace RetroGrid.Core.Backup;

/// <summary>
/// Commits finished packs in the background, so readers go on filling the next pack while a commit waits for its
/// batch (Dropbox <c>finish_batch_v2</c>), with at most a few commits pending. A pack's blobs become known to the index
/// (and so to dedup) only once it is committed.
/// </summary>
internal sealed class PackCommits(
    BackupSet set, BlobDeduplicator dedup, BackupCounters counters, ILogger logger, int maxPending, Action<Exception> onFault) : IDisposable
{
    /// <summary>Committed entries after which an index file is written mid-run, so the set's list of unindexed packs stays small.</summary>
    private const int IndexFileEntries = 64 * 1024;

    private readonly SemaphoreSlim _slots = new(maxPending, maxPending);
    private readonly Lock _lock = new();
    private readonly List<Task> _commits = [];
    private int _unindexedEntries;

    public int Committed { get; private set; }

    /// <summary>Starts committing a finished pack; waits first while <c>maxPending</c> commits are in flight. Takes ownership of <paramref name="upload"/>.</summary>
    public async ValueTask StartAsync(IPackUpload upload, PackWriteResult pack, CancellationToken cancellationToken)
    {
        try
        {
            await _slots.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await upload.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        var commit = CommitAsync(upload, pack, cancellationToken);
        lock (_lock)
        {
            _commits.Add(commit);
        }
    }

    /// <summary>Waits for every commit started; rethrows the first failure.</summary>
    public Task WhenAllAsync()
    {
        lock (_lock)
        {
            return Task.WhenAll(_commits);
        }
    }

    public void Dispose() => _slots.Dispose();

    private async Task CommitAsync(IPackUpload upload, PackWriteResult pack, CancellationToken cancellationToken)
    {
        try
        {
            await set.CommitPackAsync(upload, pack, cancellationToken).ConfigureAwait(false);
            dedup.Release(pack.Entries);
            counters.Uploaded(pack.Length);
            lock (_lock)
            {
                Committed++;
            }

            BackupLog.PackCommitted(logger, pack.Name, pack.Entries.Count, pack.Length);
            if (Interlocked.Add(ref _unindexedEntries, pack.Entries.Count) >= IndexFileEntries)
            {
                Interlocked.Exchange(ref _unindexedEntries, 0);

                // BackupSet swaps its pending list atomically, so concurrent calls write disjoint index files. A failure
                // keeps the packs pending for the run's final index file (and trailers cover them anyway): not fatal.
                try
                {
                    await set.WriteIndexFileAsync(cancellationToken).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is not (OperationCanceledException or OutOfMemoryException))
                {
                    BackupLog.IndexFileFailed(logger, ex);
                }
            }
        }
        catch (Exception ex)
        {
            onFault(ex);
            throw;
        }
        finally
        {
            await upload.DisposeAsync().ConfigureAwait(false);
            _slots.Release();
        }
    }
}
