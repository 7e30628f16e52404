using RetroGrid.Core.Hashing;

namespace RetroGrid.Core.Index;

/// <summary>
/// Answers a backup's "is it new?": the set's own index for a set opened locally, the controller's fleet-wide index
/// for an agent under a controller (batched, so it costs one round trip per batch). Implementations are thread-safe.
/// </summary>
public interface IMissingBlobFinder
{
    /// <summary>
    /// How many chunks a backup reader gathers for one <see cref="FindMissingAsync"/>: 1 for an index in memory (there
    /// is no round trip to save, and a gathered chunk must be copied out of the reader's buffer), more for a remote one.
    /// </summary>
    int QueryBatchSize { get; }

    /// <summary>
    /// The ids of <paramref name="ids"/> that the set does not hold, in input order. The caller now owns storing them;
    /// an id reported held may still be on its way into the set through another backup (see <see cref="ConfirmHeldAsync"/>).
    /// </summary>
    ValueTask<IReadOnlyList<BlobId>> FindMissingAsync(IReadOnlyList<BlobId> ids, CancellationToken cancellationToken);

    /// <summary>
    /// Called once a backup has committed its own packs and before it writes its snapshot: completes when every blob
    /// reported held is committed in the set. Throws when one never will be (the backup storing it ended without
    /// committing it), so that no snapshot references a blob the set does not hold.
    /// </summary>
    ValueTask ConfirmHeldAsync(CancellationToken cancellationToken);
}
