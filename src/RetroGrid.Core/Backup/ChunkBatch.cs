using RetroGrid.Core.Chunking;
using RetroGrid.Core.Hashing;
using RetroGrid.Core.Index;

namespace RetroGrid.Core.Backup;

/// <summary>
/// A reader's hashed chunks waiting for one batched "is it new?" query (one round trip per batch when the index is
/// remote). Bounded in count and bytes; a chunk found old is returned to the pool at once, a new one goes into the
/// reader's pack. With an index that answers at once (<see cref="IMissingBlobFinder.QueryBatchSize"/> 1) nothing is gathered:
/// each chunk is asked about and packed straight from the reader's buffer, never copied.
/// </summary>
internal sealed class ChunkBatch(BlobDeduplicator dedup, Packer packer, BackupCounters counters, int maxCount) : IDisposable
{
    private const int MaxBytes = 4 * 1024 * 1024;

    private readonly List<PendingBlob> _blobs = [];
    private long _bytes;

    /// <summary>Adds a hashed chunk of the reader's buffer; it is copied only if it must wait for a batch.</summary>
    public async ValueTask AddAsync(BlobId id, ReadOnlyMemory<byte> chunk, CancellationToken cancellationToken)
    {
        if (maxCount <= 1)
        {
            if (await dedup.ClaimNewAsync(id, cancellationToken).ConfigureAwait(false))
            {
                counters.New(chunk.Length);
                await packer.AddAsync(id, BlobType.Data, chunk, cancellationToken).ConfigureAwait(false);
            }

            return;
        }

        _blobs.Add(new PendingBlob(id, BlobType.Data, PooledChunk.CopyOf(chunk.Span)));
        _bytes += chunk.Length;
        if (_blobs.Count >= maxCount || _bytes >= MaxBytes)
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
                await packer.AddAsync(blob, cancellationToken).ConfigureAwait(false);
            }
            catch
            {
                // The packer disposed the chunk it was given; the ones after it are still ours to return.
                for (var j = i + 1; j < fresh.Count; j++)
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
