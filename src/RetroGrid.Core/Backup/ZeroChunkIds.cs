using System.Collections.Concurrent;
using RetroGrid.Core.Hashing;

namespace RetroGrid.Core.Backup;

/// <summary>Ids of all-zero chunks by length, for this run: such chunks repeat by the thousand in sparse files and disk images.</summary>
internal sealed class ZeroChunkIds
{
    private const int MaxLengths = 64;
    private readonly ConcurrentDictionary<int, BlobId> _ids = new();

    public bool TryGet(int length, out BlobId id) => _ids.TryGetValue(length, out id);

    public void Add(int length, BlobId id)
    {
        // Zero runs are cut at the same lengths over and over (min or max chunk size); a bound keeps odd lengths from piling up.
        if (_ids.Count < MaxLengths)
        {
            _ids.TryAdd(length, id);
        }
    }
}
