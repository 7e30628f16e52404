using RetroGrid.Core.Crypto;
using RetroGrid.Core.Errors;
using RetroGrid.Core.Packs;
using RetroGrid.Core.Storage;

namespace RetroGrid.Core.Index;

/// <summary>
/// Fills a <see cref="LocalBlobIndex"/> from the store. Packs are the truth: an index-file record counts only for a
/// pack that is listed with the same size, and every listed pack no index file covers is read from its own trailer —
/// so the index can always be rebuilt from packs alone, and a damaged or stale index file costs time, not data.
/// </summary>
internal static class BlobIndexLoader
{
    private const int MaxConcurrentTrailerReads = 8;

    public static async Task<IndexLoadResult> LoadAsync(
        IBackupStore store, SetKeys keys, PackReader reader, LocalBlobIndex index, CancellationToken cancellationToken)
    {
        var packs = new Dictionary<string, long>(StringComparer.Ordinal);
        await foreach (var pack in store.ListAsync(BackupObjectKind.Pack, cancellationToken).ConfigureAwait(false))
        {
            packs[pack.Name] = pack.Size;
        }

        var damaged = new List<string>();
        var fromIndexFiles = 0;
        await foreach (var indexFile in store.ListAsync(BackupObjectKind.Index, cancellationToken).ConfigureAwait(false))
        {
            try
            {
                var file = await IndexFiles.ReadAsync(store, keys, indexFile.Name, cancellationToken).ConfigureAwait(false);
                foreach (var pack in file.Packs)
                {
                    if (packs.TryGetValue(pack.PackName, out var size) && size == pack.PackLength && !index.ContainsPack(pack.PackName))
                    {
                        await index.AddPackAsync(pack.PackName, pack.Entries, cancellationToken).ConfigureAwait(false);
                        fromIndexFiles++;
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
        var uncovered = packs.Where(p => !index.ContainsPack(p.Key)).ToList();
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = MaxConcurrentTrailerReads, CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(uncovered, parallel, async (pack, ct) =>
        {
            try
            {
                var entries = await reader.ReadIndexAsync(store, pack.Key, pack.Value, ct).ConfigureAwait(false);
                await index.AddPackAsync(pack.Key, entries, ct).ConfigureAwait(false);
                lock (fromTrailers)
                {
                    fromTrailers.Add(pack.Key);
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
        return new IndexLoadResult(fromIndexFiles, fromTrailers, damaged);
    }
}
