using System.Collections.Concurrent;
using RetroGrid.Core.Formats;
using RetroGrid.Core.Hashing;
using RetroGrid.Core.Index;

namespace RetroGrid.Core.Backup;

/// <summary>
/// Answers "is it new?" for batches of hashed blobs: new means neither in the set's index nor already claimed by this
/// run (so two files with the same new chunk store it once). A claim lasts only until its pack is committed and
/// indexed, so the in-run set holds the blobs in flight, never the whole run's.
/// </summary>
internal sealed class BlobDeduplicator(IMissingBlobFinder index)
{
    private readonly ConcurrentDictionary<BlobId, byte> _inFlight = new();

    /// <summary>Claims and returns the blobs of <paramref name="candidates"/> that must be stored (input order kept).</summary>
    public async ValueTask<List<PendingBlob>> ClaimNewAsync(IReadOnlyList<PendingBlob> candidates, CancellationToken cancellationToken)
    {
        var claimed = new List<PendingBlob>(candidates.Count);
        foreach (var blob in candidates)
        {
            if (_inFlight.TryAdd(blob.Id, 0))
            {
                claimed.Add(blob);
            }
        }

        if (claimed.Count == 0)
        {
            return claimed;
        }

        var missing = await index.FindMissingAsync([.. claimed.Select(b => b.Id)], cancellationToken).ConfigureAwait(false);
        if (missing.Count == claimed.Count)
        {
            return claimed;
        }

        var missingSet = missing.ToHashSet();
        var result = new List<PendingBlob>(missing.Count);
        foreach (var blob in claimed)
        {
            if (missingSet.Contains(blob.Id))
            {
                result.Add(blob);
            }
            else
            {
                // Already stored: the index answers for it from now on.
                _inFlight.TryRemove(blob.Id, out _);
            }
        }

        return result;
    }

    /// <summary>True when <paramref name="id"/> is new and this caller now owns storing it.</summary>
    public async ValueTask<bool> ClaimNewAsync(BlobId id, CancellationToken cancellationToken)
    {
        if (!_inFlight.TryAdd(id, 0))
        {
            return false;
        }

        var missing = await index.FindMissingAsync([id], cancellationToken).ConfigureAwait(false);
        if (missing.Count == 1)
        {
            return true;
        }

        _inFlight.TryRemove(id, out _);
        return false;
    }

    /// <summary>Ends the claims of a committed pack's blobs (the index holds them now).</summary>
    public void Release(IReadOnlyList<PackIndexEntry> entries)
    {
        foreach (var entry in entries)
        {
            _inFlight.TryRemove(entry.Id, out _);
        }
    }
}
