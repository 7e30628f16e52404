using RetroGrid.Controller.Catalog;
using RetroGrid.Core.Storage;
using RetroGrid.Dropbox;

namespace RetroGrid.Controller.Dedup;

/// <summary>
/// The controller's own writes into a set (repacked packs and their index file) go through the commit coordinator
/// like agents' do: batched with theirs, recorded in the catalog and visible to dedup once committed.
/// </summary>
internal sealed class CoordinatorPackCommitter(CommitCoordinator coordinator, SetRecord set, string jobId) : IPackCommitter
{
    public async Task<DropboxFileMetadata> CommitAsync(PackCommit pack, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(pack);
        var cursor = pack.Session.Cursor;
        var handedOver = new PackToCommit(pack.Kind, pack.PackName, cursor.SessionId, cursor.Offset, pack.Session.ExpectedContentHash, pack.Entries);
        var record = await coordinator.CommitAsync(set, jobId, handedOver, cancellationToken);
        var path = CommitCoordinator.PathOf(set, handedOver);
        return new DropboxFileMetadata
        {
            Name = pack.PackName,
            PathDisplay = path,
            PathLower = path.ToLowerInvariant(),
            Size = record.Length,
            ContentHash = record.ContentHash.Length > 0 ? record.ContentHash : null,
        };
    }

    /// <summary>Nothing is held here: the coordinator batches.</summary>
    public Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
