using RetroGrid.Core.Crypto;
using RetroGrid.Core.Errors;
using RetroGrid.Core.Packs;
using RetroGrid.Core.Storage;

namespace RetroGrid.Core.Index;

/// <summary>
/// Finds every pack of the store with its blobs. Packs are the truth: an index-file record counts only for a pack that
/// is listed with the same size, and every listed pack no index file covers is read from its own trailer — so the
/// index can always be rebuilt from packs alone, and a damaged or stale index file costs time, not data.
/// </summary>
internal static class BlobIndexLoader
{
    private const int MaxConcurrentTrailerReads = 8;

    /// <summary>Fills <paramref name="index"/> with every pack's blobs.</summary>
    public static Task<IndexLoadResult> LoadAsync(
        IBackupStore store, SetKeys keys, PackReader reader, LocalBlobIndex index, CancellationToken cancellationToken) =>
        ScanAsync(store, keys, reader, (pack, ct) => index.AddPackAsync(pack.Name, pack.Entries, ct), cancellationToken);

    /// <summary>Hands every pack to <paramref name="onPack"/> once (concurrently for packs read from trailers).</summary>
    public static async Task<IndexLoadResult> ScanAsync(
        IBackupStore store, SetKeys keys, PackReader reader, Func<ScannedPack, CancellationToken, ValueTask> onPack, CancellationToken cancellationToken)
    {
        var packs = new Dictionary<string, BackupObjectInfo>(StringComparer.Ordinal);
        await foreach (var pack in store.ListAsync(BackupObjectKind.Pack, cancellationToken).ConfigureAwait(false))
        {
            packs[pack.Name] = pack;
        }

        var covered = new HashSet<string>(StringComparer.Ordinal);
        var damaged = new List<string>();
        await foreach (var indexFile in store.ListAsync(BackupObjectKind.Index, cancellationToken).ConfigureAwait(false))
        {
            try
            {
                var file = await IndexFiles.ReadAsync(store, keys, indexFile.Name, cancellationToken).ConfigureAwait(false);
                foreach (var pack in file.Packs)
                {
                    if (packs.TryGetValue(pack.PackName, out var listed) && listed.Size == pack.PackLength && covered.Add(pack.PackName))
                    {
                        await onPack(new ScannedPack(pack.PackName, listed.Size, listed.ContentHash, pack.Entries), cancellationToken).ConfigureAwait(false);
                    }
                }
            }
            catch (RetroGridFormatException ex)
            {
                damaged.Add(ex.Message);
            }
        }

        // Trailer reads are two small ranged reads each; on Dropbox latency dominates, so several run at once.
        var fromTrailers = new List<string>();
        var uncovered = packs.Values.Where(p => !covered.Contains(p.Name)).ToList();
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = MaxConcurrentTrailerReads, CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(uncovered, parallel, async (pack, ct) =>
        {
            try
            {
                var entries = await reader.ReadIndexAsync(store, pack.Name, pack.Size, ct).ConfigureAwait(false);
                await onPack(new ScannedPack(pack.Name, pack.Size, pack.ContentHash, entries), ct).ConfigureAwait(false);
                lock (fromTrailers)
                {
                    fromTrailers.Add(pack.Name);
                }
            }
            catch (RetroGridFormatException ex)
            {
                lock (damaged)
                {
                    damaged.Add(ex.Message);
                }
            }
        }).ConfigureAwait(false);

        fromTrailers.Sort(StringComparer.Ordinal);
        return new IndexLoadResult(covered.Count, fromTrailers, damaged);
    }
}
