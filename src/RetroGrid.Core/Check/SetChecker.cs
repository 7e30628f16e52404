using RetroGrid.Core.Packs;
using RetroGrid.Core.Repository;

namespace RetroGrid.Core.Check;

/// <summary>
/// Checks a backup set (DESIGN §4 "Verify") and reports every damaged or missing object by name, never stopping at the
/// first: <b>structure</b> (every snapshot's trees and data blobs readable and indexed), <b>storage</b> (listed packs
/// match the index files' records; every pack has a readable index) and, on request, <b>data</b> (all packs or a
/// random fraction read end to end, every blob authenticated and its id re-checked, the pack's bytes hashed to its name
/// and to Dropbox's listed content hash). Read-only: it never changes the set.
/// </summary>
public sealed class SetChecker
{
    private readonly BackupSet _set;
    private readonly SetCheckOptions _options;

    public SetChecker(BackupSet set, SetCheckOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(set);
        _set = set;
        _options = options ?? new SetCheckOptions();
        _options.Validate();
    }

    public async Task<CheckReport> RunAsync(IProgress<CheckProgress>? progress, CancellationToken cancellationToken)
    {
        var problems = new ProblemCollector();
        var packReader = new PackReader(_set.Keys, _set.Compressor, _set.IdHasher);

        var storage = new StorageChecker(_set, packReader, problems);
        var packs = await storage.RunAsync(cancellationToken).ConfigureAwait(false);
        progress?.Report(new CheckProgress(CheckArea.Storage, packs.Count, packs.Count, 0));

        var structure = new StructureChecker(_set, problems);
        await structure.RunAsync(progress, cancellationToken).ConfigureAwait(false);

        var (packsRead, bytesRead) = _options.ReadData
            ? await ReadDataAsync(packs, packReader, problems, progress, cancellationToken).ConfigureAwait(false)
            : (0, 0L);

        return new CheckReport
        {
            Snapshots = structure.Snapshots,
            Trees = structure.Trees,
            DataBlobs = structure.DataBlobs,
            Packs = packs.Count,
            IndexFiles = storage.IndexFileCount,
            PacksRead = packsRead,
            BytesRead = bytesRead,
            Problems = problems.ToSortedList(),
        };
    }

    private async Task<(int PacksRead, long BytesRead)> ReadDataAsync(
        IReadOnlyDictionary<string, PackRecord> packs, PackReader packReader, ProblemCollector problems, IProgress<CheckProgress>? progress,
        CancellationToken cancellationToken)
    {
        var selected = SelectPacks(packs.Values);
        var verifier = new PackDataVerifier(_set.Store, packReader, problems, _options.ReadWindowSize);
        var done = 0;
        long bytes = 0;
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = _options.MaxConcurrentPackReads, CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(selected, parallel, async (pack, ct) =>
        {
            var read = await verifier.VerifyAsync(pack, ct).ConfigureAwait(false);
            var total = Interlocked.Add(ref bytes, read);
            var count = Interlocked.Increment(ref done);
            progress?.Report(new CheckProgress(CheckArea.Data, count, selected.Count, total));
        }).ConfigureAwait(false);
        return (done, bytes);
    }

    /// <summary>The packs asked for, else all packs or a random subset of ⌈fraction × count⌉ of them (at least one when there are any).</summary>
    private List<PackRecord> SelectPacks(IEnumerable<PackRecord> packs)
    {
        if (_options.PacksToRead is { } chosen)
        {
            return [.. packs.Where(p => chosen.Contains(p.Info.Name)).OrderBy(p => p.Info.Name, StringComparer.Ordinal)];
        }

        var all = packs.OrderBy(p => p.Info.Name, StringComparer.Ordinal).ToArray();
        var count = (int)Math.Ceiling(all.Length * _options.ReadDataFraction);
        if (count < all.Length)
        {
            (_options.Random ?? Random.Shared).Shuffle(all);
        }

        return [.. all.Take(count)];
    }
}
