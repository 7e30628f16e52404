using RetroGrid.Core.Formats;
using RetroGrid.Core.Hashing;

namespace RetroGrid.Controller.Grooming;

/// <summary>A pack as the catalog records it: what pruning weighs.</summary>
/// <param name="Name">The pack's name.</param>
/// <param name="Length">Its size on Dropbox.</param>
/// <param name="ContentHash">Its Dropbox content hash.</param>
/// <param name="Entries">Its blobs.</param>
internal sealed record CatalogPack(string Name, long Length, string ContentHash, IReadOnlyList<PackIndexEntry> Entries);

/// <summary>
/// How much of each pack the snapshots still use. A blob held by several packs (a repacked copy beside its original,
/// or two agents that stored it at the same moment) is live in the newest one only, so older copies count as unused
/// and go at the next prune.
/// </summary>
internal sealed class PackUsage
{
    private readonly Dictionary<string, (CatalogPack Pack, List<PackIndexEntry> Live)> _packs = new(StringComparer.Ordinal);

    /// <param name="packsNewestFirst">The set's packs, the most recently committed first.</param>
    /// <param name="referenced">Every blob a snapshot refers to.</param>
    public PackUsage(IEnumerable<CatalogPack> packsNewestFirst, IReadOnlySet<BlobId> referenced)
    {
        ArgumentNullException.ThrowIfNull(packsNewestFirst);
        ArgumentNullException.ThrowIfNull(referenced);
        var claimed = new HashSet<BlobId>();
        foreach (var pack in packsNewestFirst)
        {
            var live = pack.Entries.Where(e => referenced.Contains(e.Id) && claimed.Add(e.Id)).ToList();
            _packs[pack.Name] = (pack, live);
        }
    }

    /// <summary>Packs none of whose blobs is live.</summary>
    public IReadOnlyList<CatalogPack> Unused => [.. _packs.Values.Where(p => p.Live.Count == 0).Select(p => p.Pack)];

    /// <summary>Packs with live blobs taking less than <paramref name="belowPercent"/> of their bytes: worth repacking.</summary>
    public IReadOnlyList<CatalogPack> Sparse(int belowPercent) =>
        [.. _packs.Values.Where(p => p.Live.Count > 0 && IsPartly(p) && LiveBytes(p.Live) * 100 < p.Pack.Length * belowPercent).Select(p => p.Pack)];

    /// <summary>Packs with some live and some unused blobs.</summary>
    public int PartlyUsedCount => _packs.Values.Count(p => p.Live.Count > 0 && IsPartly(p));

    public bool IsUnused(string packName) => !_packs.TryGetValue(packName, out var usage) || usage.Live.Count == 0;

    /// <summary>The pack's blobs snapshots still use (and no newer pack holds).</summary>
    public IReadOnlyList<PackIndexEntry> LiveEntries(string packName) => _packs.TryGetValue(packName, out var usage) ? usage.Live : [];

    /// <summary>Sealed bytes of the pack's live blobs: roughly what repacking it writes.</summary>
    public long LiveBytes(string packName) => LiveBytes(LiveEntries(packName));

    private static bool IsPartly((CatalogPack Pack, List<PackIndexEntry> Live) usage) => usage.Live.Count < usage.Pack.Entries.Count;

    private static long LiveBytes(IEnumerable<PackIndexEntry> entries) => entries.Sum(e => (long)e.Length);
}
