using RetroGrid.Core.Errors;
using RetroGrid.Core.Formats;
using RetroGrid.Core.Index;
using RetroGrid.Core.Packs;
using RetroGrid.Core.Repository;
using RetroGrid.Core.Storage;

namespace RetroGrid.Core.Check;

/// <summary>
/// Compares what the store lists with what the index files record: every recorded pack must be listed with the
/// recorded size, and every listed pack must have a readable index (from an index file or its own trailer).
/// </summary>
internal sealed class StorageChecker
{
    private const int MaxConcurrentTrailerReads = 8;
    private readonly BackupSet _set;
    private readonly PackReader _packReader;
    private readonly ProblemCollector _problems;

    public StorageChecker(BackupSet set, PackReader packReader, ProblemCollector problems)
    {
        _set = set;
        _packReader = packReader;
        _problems = problems;
    }

    public int IndexFileCount { get; private set; }

    public async Task<IReadOnlyDictionary<string, PackRecord>> RunAsync(CancellationToken cancellationToken)
    {
        var listed = new Dictionary<string, BackupObjectInfo>(StringComparer.Ordinal);
        await foreach (var pack in _set.Store.ListAsync(BackupObjectKind.Pack, cancellationToken).ConfigureAwait(false))
        {
            listed[pack.Name] = pack;
        }

        var entries = new Dictionary<string, IReadOnlyList<PackIndexEntry>>(StringComparer.Ordinal);
        await foreach (var indexFile in _set.Store.ListAsync(BackupObjectKind.Index, cancellationToken).ConfigureAwait(false))
        {
            IndexFileCount++;
            await CheckIndexFileAsync(indexFile.Name, listed, entries, cancellationToken).ConfigureAwait(false);
        }

        var uncovered = listed.Values.Where(p => !entries.ContainsKey(p.Name)).ToList();
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = MaxConcurrentTrailerReads, CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(uncovered, parallel, async (pack, ct) =>
        {
            try
            {
                var packEntries = await _packReader.ReadIndexAsync(_set.Store, pack.Name, pack.Size, ct).ConfigureAwait(false);
                lock (entries)
                {
                    entries[pack.Name] = packEntries;
                }
            }
            catch (RetroGridFormatException ex)
            {
                _problems.Add(CheckArea.Storage, ex);
            }
        }).ConfigureAwait(false);

        return listed.ToDictionary(p => p.Key, p => new PackRecord(p.Value, entries.GetValueOrDefault(p.Key)), StringComparer.Ordinal);
    }

    private async Task CheckIndexFileAsync(
        string name, Dictionary<string, BackupObjectInfo> listed, Dictionary<string, IReadOnlyList<PackIndexEntry>> entries, CancellationToken cancellationToken)
    {
        var objectName = BackupObjectNames.RelativePath(BackupObjectKind.Index, name);
        IndexFile file;
        try
        {
            file = await IndexFiles.ReadAsync(_set.Store, _set.Keys, name, cancellationToken).ConfigureAwait(false);
        }
        catch (RetroGridFormatException ex)
        {
            _problems.Add(CheckArea.Storage, ex);
            return;
        }
        catch (FileNotFoundException)
        {
            // Deleted between listing and reading (a concurrent groom): nothing to check.
            return;
        }

        foreach (var pack in file.Packs)
        {
            var packObject = PackReader.ObjectName(pack.PackName);
            if (!listed.TryGetValue(pack.PackName, out var info))
            {
                _problems.Add(CheckArea.Storage, FormatErrorCodes.MissingObject, packObject, $"{objectName} records this pack, but the store does not hold it.");
            }
            else if (info.Size != pack.PackLength)
            {
                _problems.Add(
                    CheckArea.Storage, FormatErrorCodes.CorruptObject, packObject, $"the store holds {info.Size} bytes, {objectName} records {pack.PackLength}.");
            }
            else if (pack.ContentHash is not null && info.ContentHash is not null
                && !string.Equals(pack.ContentHash, info.ContentHash, StringComparison.OrdinalIgnoreCase))
            {
                _problems.Add(
                    CheckArea.Storage, FormatErrorCodes.CorruptObject, packObject, $"the store's content_hash differs from the one {objectName} records.");
            }
            else
            {
                entries.TryAdd(pack.PackName, pack.Entries);
            }
        }
    }
}
