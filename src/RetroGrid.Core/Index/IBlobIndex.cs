using RetroGrid.Core.Formats;
using RetroGrid.Core.Hashing;

namespace RetroGrid.Core.Index;

/// <summary>
/// The set's catalog of stored blobs: answers "is it new?" for backup (<see cref="IMissingBlobFinder"/>) and "where is
/// it?" for restore. Implementations are thread-safe.
/// </summary>
public interface IBlobIndex : IMissingBlobFinder
{
    /// <summary>Where a blob is stored, or null when the set does not hold it.</summary>
    ValueTask<BlobLocation?> LookupAsync(BlobId id, CancellationToken cancellationToken);

    /// <summary>Records a committed pack's blobs. Call only after the pack is committed, so nothing half-written is referenced.</summary>
    ValueTask AddPackAsync(string packName, IReadOnlyList<PackIndexEntry> entries, CancellationToken cancellationToken);
}
