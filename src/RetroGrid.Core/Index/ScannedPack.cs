using RetroGrid.Core.Formats;

namespace RetroGrid.Core.Index;

/// <summary>A pack found in the store with its blobs, from an index file or its own trailer.</summary>
/// <param name="Name">The pack's name.</param>
/// <param name="Length">Its size in the store.</param>
/// <param name="ContentHash">The store's content hash for it (Dropbox lists one), or null.</param>
/// <param name="Entries">Every blob of the pack, in pack order.</param>
public sealed record ScannedPack(string Name, long Length, string? ContentHash, IReadOnlyList<PackIndexEntry> Entries);
