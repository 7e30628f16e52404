using RetroGrid.Contracts.V1;
using RetroGrid.Controller.Catalog;
using RetroGrid.Controller.Dedup;
using RetroGrid.Controller.Dropbox;
using RetroGrid.Core.Errors;
using RetroGrid.Core.Storage;

namespace RetroGrid.Controller.Sets;

/// <summary>
/// Rebuilds a set's catalog from its Dropbox folder alone: every pack with its blobs (from index files, or from the
/// pack's own trailer where none covers it) and every snapshot. Entries whose object is gone from Dropbox are dropped;
/// the dedup index is reloaded from the result. Given the recovery passphrase, it first adds a key file for this
/// controller's key, so a set whose controller was lost can be taken over.
/// </summary>
internal sealed class SetRebuilder(
    SetRegistry sets, PackRegistry packs, SnapshotRegistry snapshots, JobRegistry jobs, FleetDedupIndex dedup, SetDropboxClients clients, SetOpener opener,
    BusySets busy)
{
    /// <summary>Progress reports while packs are read: one per this many packs.</summary>
    private const int ReportEvery = 100;

    public async Task RebuildAsync(SetRecord set, string? passphrase, Func<RebuildProgress, Task> reportTo, CancellationToken cancellationToken)
    {
        // Packs read from trailers report from several threads; a response stream takes one write at a time.
        using var writing = new SemaphoreSlim(1, 1);
        async Task report(RebuildProgress progress)
        {
            await writing.WaitAsync(cancellationToken);
            try
            {
                await reportTo(progress);
            }
            finally
            {
                writing.Release();
            }
        }

        // A running backup holds claims and borrowings in the dedup index this rebuild replaces.
        if (await jobs.AnyRunningBackupAsync(set.Id, cancellationToken))
        {
            throw new ControllerException(ControllerErrorCodes.SetBusy, $"A backup of set {set.Name} is running.");
        }

        // The scheduler starts no verify or groom of the set while its catalog is replaced.
        using var rebuilding = busy.Enter(set.Id);

        var store = new DropboxStore(clients.Create(set.Id, TokenPurpose.Backup), set.DropboxFolder);
        Core.Repository.BackupSet opened;
        try
        {
            opened = await opener.WithKekAsync(set, async kek =>
            {
                if (!string.IsNullOrEmpty(passphrase))
                {
                    await report(new RebuildProgress { Phase = "keys" });
                    await Core.Repository.BackupSet.AddKekKeyFileAsync(store, passphrase, kek, cancellationToken);
                }

                await report(new RebuildProgress { Phase = "packs" });
                return await Core.Repository.BackupSet.OpenWithKekAsync(store, kek, cancellationToken);
            });
        }
        catch (RetroGridFormatException ex) when (ex.Code == FormatErrorCodes.WrongKey)
        {
            throw new ControllerException(
                ControllerErrorCodes.SetKeyRefused,
                string.IsNullOrEmpty(passphrase) ? $"This controller's key does not open set {set.Name}." : $"The recovery passphrase does not open set {set.Name}.");
        }

        await sets.MarkBootstrappedAsync(set.Id, cancellationToken);
        var result = new RebuildProgress { Finished = true };
        var packNames = new HashSet<string>(StringComparer.Ordinal);
        var scan = await opened.ScanPacksAsync(
            async (pack, ct) =>
            {
                await packs.AddAsync(new PackRecord(set.Id, pack.Name, pack.Length, pack.ContentHash ?? string.Empty), "rebuild", pack.Entries, ct);
                int done;
                lock (packNames)
                {
                    packNames.Add(pack.Name);
                    result.Blobs += pack.Entries.Count;
                    done = packNames.Count;
                }

                if (done % ReportEvery == 0)
                {
                    await report(new RebuildProgress { Phase = "packs", Done = done });
                }
            },
            cancellationToken);
        result.Dropped += await packs.RemoveAllExceptAsync(set.Id, packNames, cancellationToken);
        dedup.Forget(set.Id);

        var names = await opened.ListSnapshotsAsync(cancellationToken);
        var snapshotNames = new HashSet<string>(StringComparer.Ordinal);
        foreach (var name in names)
        {
            try
            {
                await snapshots.AddAsync(set.Id, name, "rebuild", SnapshotSummaries.Of(await opened.LoadSnapshotAsync(name, cancellationToken)), cancellationToken);
                snapshotNames.Add(name);
            }
            catch (RetroGridFormatException ex)
            {
                result.Damaged.Add(ex.Message);
            }

            await report(new RebuildProgress { Phase = "snapshots", Done = snapshotNames.Count, Total = names.Count });
        }

        result.Dropped += await snapshots.RemoveAllExceptAsync(set.Id, snapshotNames, cancellationToken);
        result.Packs = packNames.Count;
        result.Snapshots = snapshotNames.Count;
        result.Damaged.AddRange(scan.DamagedObjects);
        await report(result);
    }
}
