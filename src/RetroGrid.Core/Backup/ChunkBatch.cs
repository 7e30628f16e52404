using System.Threading.Channels;

namespace RetroGrid.Core.Backup;

/// <summary>
/// A reader's hashed chunks waiting for one batched "is it new?" query (one round trip per batch when the index is
/// remote). Bounded in count and bytes; a chunk found old is returned to the pool at once, a new one goes to the packers.
/// </summary>
internal sealed class ChunkBatch(BlobDeduplicator dedup, ChannelWriter<PendingBlob> packers, BackupCounters counters) : IDisposable
{
    private const int MaxCount = 64;
    private const int MaxBytes = 8 * 1024 * 1024;

    private readonly List<PendingBlob> _blobs = new(MaxCount);
    private long _bytes;

    public async ValueTask AddAsync(PendingBlob blob, CancellationToken cancellationToken)
    {
        _blobs.Add(blob);
        _bytes += blob.Chunk.Length;
        if (_blobs.Count >= MaxCount || _bytes >= MaxBytes)
        {
            await FlushAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public async ValueTask FlushAsync(CancellationToken cancellationToken)
    {
        if (_blobs.Count == 0)
        {
            return;
        }

        var fresh = await dedup.ClaimNewAsync(_blobs, cancellationToken).ConfigureAwait(false);
        var freshSet = fresh.Count == _blobs.Count ? null : fresh.ToHashSet(ReferenceEqualityComparer.Instance);
        foreach (var blob in _blobs)
        {
            if (freshSet is not null && !freshSet.Contains(blob))
            {
                blob.Dispose();
            }
        }

        _blobs.Clear();
        _bytes = 0;
        for (var i = 0; i < fresh.Count; i++)
        {
            var blob = fresh[i];
            try
            {
                counters.New(blob.Chunk.Length);
                await packers.WriteAsync(blob, cancellationToken).ConfigureAwait(false);
            }
            catch
            {
                // Not handed over: these chunks are still ours to return.
                for (var j = i; j < fresh.Count; j++)
                {
                    fresh[j].Dispose();
                }

                throw;
            }
        }
    }

    public void Dispose()
    {
        foreach (var blob in _blobs)
        {
            blob.Dispose();
        }

        _blobs.Clear();
    }
}
