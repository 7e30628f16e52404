using RetroGrid.Dropbox;

namespace RetroGrid.Core.Storage;

/// <summary>
/// Commits closed Dropbox upload sessions as pack files. Pluggable: <see cref="FinishBatchPackCommitter"/> calls
/// <c>finish_batch_v2</c> itself; the controller's commit coordinator replaces it so one writer commits per namespace.
/// </summary>
public interface IPackCommitter
{
    /// <summary>Commits one closed session; completes when its batch has been committed (or failed).</summary>
    Task<DropboxFileMetadata> CommitAsync(PackCommit pack, CancellationToken cancellationToken);

    /// <summary>Commits everything pending now rather than waiting for a full batch or the timer.</summary>
    Task FlushAsync(CancellationToken cancellationToken);
}
