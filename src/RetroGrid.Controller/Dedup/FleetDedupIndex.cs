using System.Collections.Concurrent;
using RetroGrid.Controller.Catalog;
using RetroGrid.Core.Errors;
using RetroGrid.Core.Hashing;
using RetroGrid.Core.Index;
using RetroGrid.Core.Packs;

namespace RetroGrid.Controller.Dedup;

/// <summary>
/// Every set's <see cref="SetBlobIndex"/>, loaded from the catalog's packs on first use (so a restarted controller
/// answers as before), then kept current by the commit coordinator.
/// </summary>
internal sealed class FleetDedupIndex(PackRegistry packs, ILogger<FleetDedupIndex> logger) : IDisposable
{
    private readonly ConcurrentDictionary<string, Lazy<Task<SetBlobIndex>>> _sets = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, SetBlobIndex> _loaded = new(StringComparer.Ordinal);

    /// <summary>The set's index, loading it from the catalog the first time.</summary>
    public async Task<SetBlobIndex> GetAsync(string setId, CancellationToken cancellationToken)
    {
        var lazy = _sets.GetOrAdd(setId, id => new Lazy<Task<SetBlobIndex>>(() => LoadAsync(id)));
        try
        {
            return await lazy.Value.WaitAsync(cancellationToken);
        }
        catch (Exception) when (lazy.Value.IsFaulted)
        {
            // A failed load (the catalog was unreachable) is tried again by the next call, not remembered.
            _sets.TryRemove(new KeyValuePair<string, Lazy<Task<SetBlobIndex>>>(setId, lazy));
            throw;
        }
    }

    /// <summary>The job ended: its claims in its set end. Nothing to do when the set was never asked about.</summary>
    public void EndJob(string setId, string jobId)
    {
        if (_loaded.TryGetValue(setId, out var index))
        {
            index.EndJob(jobId);
        }
    }

    /// <summary>Forgets a set's index (the set was deleted or emptied); the next use loads it from the catalog again.</summary>
    public void Forget(string setId)
    {
        _sets.TryRemove(setId, out _);
        if (_loaded.TryRemove(setId, out var index))
        {
            index.Dispose();
        }
    }

    public void Dispose()
    {
        foreach (var setId in _sets.Keys)
        {
            Forget(setId);
        }
    }

    private async Task<SetBlobIndex> LoadAsync(string setId)
    {
        // Loaded for every caller at once, so one caller's cancellation must not cancel it.
        await Task.Yield();
        var committed = new BlobIdSet();
        var ids = new List<BlobId>();
        try
        {
            await foreach (var (pack, encoded) in packs.ReadAllAsync(setId, CancellationToken.None))
            {
                ids.Clear();
                try
                {
                    var entries = PackEntryCodec.Decode(Convert.FromBase64String(encoded), pack.Length, $"catalog entry of pack {pack.Name}");
                    ids.AddRange(entries.Select(e => e.Id));
                }
                catch (Exception ex) when (ex is RetroGridFormatException or FormatException)
                {
                    // Its blobs are then stored again by the next backup that meets them: wasteful, never a loss.
                    ControllerLog.PackEntriesUnreadable(logger, setId, pack.Name, ex);
                    continue;
                }

                committed.AddRange(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(ids));
            }
        }
        catch
        {
            committed.Dispose();
            throw;
        }

        ControllerLog.DedupIndexLoaded(logger, setId, committed.Count);
        var index = new SetBlobIndex(committed);
        _loaded[setId] = index;
        return index;
    }
}
