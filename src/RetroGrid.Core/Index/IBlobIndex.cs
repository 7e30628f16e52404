using RetroGrid.Core.Formats;
using RetroGrid.Core.Hashing;

namespace RetroGrid.Core.Index;

/// <summary>
/// The set's catalog of stored blobs: answers "is it new?" for backup (batched, so a remote implementation — the
/// controller's — costs one round trip per batch) and "where is it?" for restore. Implementations are thread-safe.
/// </summary>
public interface IBlobIndex
{
    /// <summary>
    /// How many chunks a backup reader gathers for one <see cref="FindMissingAsync"/>: 1 for an index in memory (there
    /// is no round trip to save, and a gathered chunk must be copied out of the reader's buffer), more for a remote one.
    /// </summary>
    int QueryBatchSize { get; }

    /// <summary>The ids of <paramref name="ids"/> that the set does not hold, in input order.</summary>
    ValueTask<IReadOnlyList<BlobId>> FindMissingAsync(IReadOnlyList<BlobId> ids, CancellationToken cancellationToken);

    /// <summary>Where a blob is stored, or null when the set does not hold it.</summary>
    ValueTask<BlobLocation?> LookupAsync(BlobId id, CancellationToken cancellationToken);

    /// <summary>Records a committed pack's blobs. Call only after the pack is committed, so nothing half-written is referenced.</summary>
    ValueTask AddPackAsync(string packName, IReadOnlyList<PackIndexEntry> entries, CancellationToken cancellationToken);
}
