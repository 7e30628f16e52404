using RetroGrid.Core.Hashing;

namespace RetroGrid.Core.Backup;

/// <summary>Where hashed blobs go to be deduplicated and, if new, packed.</summary>
internal interface IBlobQueue
{
    /// <summary>Stores a tree blob unless the set or this run already has it.</summary>
    ValueTask StoreTreeAsync(BlobId id, byte[] plaintext, CancellationToken cancellationToken);
}
