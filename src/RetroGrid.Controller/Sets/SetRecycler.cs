using RetroGrid.Contracts.V1;
using RetroGrid.Controller.Catalog;
using RetroGrid.Controller.Dedup;
using RetroGrid.Controller.Dropbox;
using RetroGrid.Controller.Jobs;
using RetroGrid.Dropbox;

namespace RetroGrid.Controller.Sets;

/// <summary>
/// Empties a set, as Retrospect's recycle does: its jobs end, every pack, index file and snapshot is deleted from its
/// Dropbox folder and from the catalog, and the next backup stores everything again. The set itself stays — its
/// config, its keys (so its recovery passphrase still opens it), its link, its agents and schedule.
/// </summary>
internal sealed class SetRecycler(
    JobCoordinator jobs, CommitCoordinator commits, PackRegistry packs, SnapshotRegistry snapshots, FleetDedupIndex dedup, SetDropboxClients clients, BusySets busy)
{
    /// <summary>The folders of a set that hold its data; <c>config</c> and <c>keys/</c> stay.</summary>
    private static readonly string[] DataFolders = ["packs", "index", "snapshots"];

    public async Task<RecycleSetResponse> RecycleAsync(SetRecord set, CancellationToken cancellationToken)
    {
        // Marked first, so the scheduler starts no verify or groom of the set between its jobs ending and its emptying.
        using var recycling = busy.Enter(set.Id);
        // Ending the jobs first stops new commits (the controller serves only running jobs); then whatever was already
        // on its way to Dropbox lands before the folders go, so nothing is left behind.
        var ended = await jobs.EndAllOfSetAsync(set.Id, ControllerErrorCodes.SetRecycled, cancellationToken);
        await commits.WhenSetIdleAsync(set.Id, cancellationToken);

        var client = clients.Create(set.Id, TokenPurpose.Backup);
        var status = await client.DeleteBatchAsync([.. DataFolders.Select(f => $"{set.DropboxFolder}/{f}")], cancellationToken);
        if (status.Tag != "complete")
        {
            throw new ControllerException(ControllerErrorCodes.RecycleFailed, $"Dropbox did not delete the set's folders: {status.Tag}.");
        }

        foreach (var failure in status.Entries.Select(e => e.Failure).OfType<DropboxError>())
        {
            // A folder that never existed (a set with no snapshot yet) is already empty.
            if (failure.Code != RetroGridErrorCodes.NotFound)
            {
                throw new ControllerException(ControllerErrorCodes.RecycleFailed, $"Dropbox did not delete one of the set's folders: {failure.Code.Code} {failure.TagPath}.");
            }
        }

        var empty = new HashSet<string>();
        var response = new RecycleSetResponse
        {
            JobsEnded = ended,
            PacksRemoved = await packs.RemoveAllExceptAsync(set.Id, empty, cancellationToken),
            SnapshotsRemoved = await snapshots.RemoveAllExceptAsync(set.Id, empty, cancellationToken),
        };
        dedup.Forget(set.Id);
        return response;
    }
}
