using RetroGrid.Contracts.V1;
using RetroGrid.Controller.Catalog;
using RetroGrid.Controller.Dropbox;
using RetroGrid.Core.Errors;
using RetroGrid.Core.Storage;
using RetroGrid.Dropbox;

namespace RetroGrid.Controller.Sets;

/// <summary>
/// Brings back what was deleted or replaced behind the controller's back (a compromised workstation holding a token,
/// a person in the Dropbox web app): every catalog pack Dropbox no longer lists as committed, and every catalog
/// snapshot it no longer lists, from Dropbox's revisions of the path. A pack is restored only as the revision with the
/// size and content hash recorded at its commit; a snapshot only if it then opens (it is authenticated).
/// </summary>
internal sealed class SetUndeleter(PackRegistry packs, SnapshotRegistry snapshots, SetOpener opener, SetDropboxClients clients)
{
    /// <summary>Revisions looked at per path (Dropbox keeps them for its retention period).</summary>
    private const int RevisionsLooked = 100;

    public async Task<UndeleteSetResponse> UndeleteAsync(SetRecord set, CancellationToken cancellationToken)
    {
        var client = clients.Create(set.Id, TokenPurpose.Backup);
        var store = new DropboxStore(client, set.DropboxFolder);
        var response = new UndeleteSetResponse();

        var listedPacks = await ListAsync(store, BackupObjectKind.Pack, cancellationToken);
        foreach (var (pack, _) in await packs.ListForVerifyAsync(set.Id, cancellationToken))
        {
            if (PackStorage.ProblemOf(pack, listedPacks) is not null)
            {
                response.Items.Add(await RestoreAsync(client, set, BackupObjectKind.Pack, pack.Name, r => r.Size == pack.Length && (pack.ContentHash.Length == 0 || r.ContentHash == pack.ContentHash), cancellationToken));
            }
        }

        var listedSnapshots = await ListAsync(store, BackupObjectKind.Snapshot, cancellationToken);
        var missing = (await snapshots.ListAsync(set.Id, null, cancellationToken)).Select(s => s.Name).Where(n => !listedSnapshots.ContainsKey(n)).ToList();
        if (missing.Count > 0)
        {
            var restored = new List<(UndeleteItem Item, string Name)>();
            foreach (var name in missing)
            {
                var item = await RestoreAsync(client, set, BackupObjectKind.Snapshot, name, _ => true, cancellationToken);
                response.Items.Add(item);
                if (item.Restored)
                {
                    restored.Add((item, name));
                }
            }

            await CheckSnapshotsOpenAsync(set, store, restored, cancellationToken);
        }

        return response;
    }

    /// <summary>Restores the newest revision of the object that <paramref name="wanted"/> accepts.</summary>
    private static async Task<UndeleteItem> RestoreAsync(
        DropboxClient client, SetRecord set, BackupObjectKind kind, string name, Func<DropboxFileMetadata, bool> wanted, CancellationToken cancellationToken)
    {
        var relative = BackupObjectNames.RelativePath(kind, name);
        var item = new UndeleteItem { Object = relative };
        var path = $"{set.DropboxFolder}/{relative}";
        try
        {
            var revisions = await client.ListRevisionsAsync(path, RevisionsLooked, cancellationToken);
            if (revisions.Entries.Where(wanted).MaxBy(r => r.ServerModified) is not { } revision)
            {
                item.Detail = $"Dropbox keeps no revision of it with the bytes the catalog recorded ({revisions.Entries.Count} looked at).";
                return item;
            }

            await client.RestoreAsync(path, revision.Rev, cancellationToken);
            (item.Restored, item.Detail) = (true, $"Revision {revision.Rev} of {revision.ServerModified:u} restored.");
        }
        catch (DropboxApiException ex)
        {
            item.Detail = $"Dropbox refused: {ex.Code.Code} {ex.TagPath}.";
        }

        return item;
    }

    /// <summary>A restored snapshot counts only if it opens: the set's key authenticates it.</summary>
    private async Task CheckSnapshotsOpenAsync(SetRecord set, DropboxStore store, List<(UndeleteItem Item, string Name)> restored, CancellationToken cancellationToken)
    {
        var opened = await opener.OpenAsync(set, store, cancellationToken);

        foreach (var (item, name) in restored)
        {
            try
            {
                await opened.LoadSnapshotAsync(name, cancellationToken);
            }
            catch (RetroGridFormatException ex)
            {
                (item.Restored, item.Detail) = (false, $"{item.Detail} It does not open: {ex.Message}");
            }
        }
    }

    private static async Task<Dictionary<string, BackupObjectInfo>> ListAsync(DropboxStore store, BackupObjectKind kind, CancellationToken cancellationToken)
    {
        var listed = new Dictionary<string, BackupObjectInfo>(StringComparer.Ordinal);
        await foreach (var info in store.ListAsync(kind, cancellationToken))
        {
            listed[info.Name] = info;
        }

        return listed;
    }
}
