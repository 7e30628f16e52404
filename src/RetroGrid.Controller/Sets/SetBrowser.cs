using Google.Protobuf.WellKnownTypes;
using RetroGrid.Contracts.V1;
using RetroGrid.Controller.Catalog;
using RetroGrid.Controller.Dropbox;
using RetroGrid.Core.Formats;
using RetroGrid.Core.Storage;

namespace RetroGrid.Controller.Sets;

/// <summary>
/// Browses a snapshot for `rgctl ls`: the controller opens the set on Dropbox with the set's key and a read-only token
/// and walks its trees (data blobs are never read). Each call opens the set afresh, reading its index files; fine for
/// browsing, to be cached later.
/// </summary>
internal sealed class SetBrowser(SetRegistry sets, SnapshotRegistry snapshots, SetOpener opener, SetDropboxClients clients)
{
    public async Task<ListSnapshotEntriesResponse> ListAsync(string setIdOrName, string snapshotId, string path, CancellationToken cancellationToken)
    {
        var set = await sets.FindAsync(setIdOrName, cancellationToken) ?? throw new ControllerException(ControllerErrorCodes.SetNotFound, $"No set '{setIdOrName}'.");
        var name = await ResolveAsync(set.Id, snapshotId, cancellationToken);
        var opened = await opener.OpenAsync(set, new DropboxStore(clients.Create(set.Id, TokenPurpose.Restore), set.DropboxFolder), cancellationToken);
        var snapshot = await opened.LoadSnapshotAsync(name, cancellationToken);
        var tree = await opened.LoadTreeAsync(snapshot.RootTree, cancellationToken);
        foreach (var segment in path.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            var node = tree.Nodes.FirstOrDefault(n => n.Name == segment && n.Kind == NodeKind.Directory)
                ?? throw new ControllerException(ControllerErrorCodes.SnapshotPathNotFound, $"'{path}' is not a folder of snapshot {name}.");
            tree = await opened.LoadTreeAsync(node.Subtree!.Value, cancellationToken);
        }

        var response = new ListSnapshotEntriesResponse { SnapshotName = name };
        response.Entries.AddRange(tree.Nodes.Select(n => new SnapshotEntry
        {
            Name = n.Name,
            Kind = n.Kind switch { NodeKind.File => EntryKind.File, NodeKind.Directory => EntryKind.Directory, NodeKind.Symlink => EntryKind.Symlink, _ => EntryKind.Other },
            Size = n.Size,
            Modified = Timestamp.FromDateTimeOffset(DateTimeOffset.UnixEpoch.AddTicks(n.MtimeUnixNs / 100)),
            Mode = n.Mode,
        }));
        return response;
    }

    /// <summary>A name, a unique prefix of one, or "latest", among the set's snapshots in the catalog.</summary>
    private async Task<string> ResolveAsync(string setId, string snapshotId, CancellationToken cancellationToken)
    {
        var known = await snapshots.ListAsync(setId, null, cancellationToken);
        if (string.Equals(snapshotId, "latest", StringComparison.OrdinalIgnoreCase) && known.Count > 0)
        {
            return known[0].Name;
        }

        var matches = known.Where(s => s.Name.StartsWith(snapshotId, StringComparison.OrdinalIgnoreCase)).ToList();
        return snapshotId.Length >= 4 && matches.Count == 1
            ? matches[0].Name
            : throw new ControllerException(ControllerErrorCodes.SnapshotNotFound, $"'{snapshotId}' names {matches.Count} snapshots of set {setId}.");
    }
}
