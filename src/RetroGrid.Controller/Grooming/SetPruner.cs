using RetroGrid.Contracts.V1;
using RetroGrid.Controller.Catalog;
using RetroGrid.Controller.Dedup;
using RetroGrid.Controller.Dropbox;
using RetroGrid.Core.Hashing;
using RetroGrid.Core.Packs;
using RetroGrid.Core.Storage;
using RetroGrid.Dropbox;

namespace RetroGrid.Controller.Grooming;

/// <summary>
/// Deletes the packs no snapshot refers to any more, without locking the set against backups for longer than the
/// deletion: their blobs are first taken out of the dedup index (so a backup starting now stores them again rather
/// than be told they are held), then, if no backup was running meanwhile, the references are computed again from the
/// snapshots on Dropbox now — a backup that ran in between is counted — and only packs still unreferenced go.
/// Packs that are partly used are kept (repacking them is still to come).
/// </summary>
internal sealed class SetPruner(PackRegistry packs, JobRegistry jobs, FleetDedupIndex dedup, Sets.SetOpener opener, SetDropboxClients clients)
{
    public async Task<PruneResult> PruneAsync(SetRecord set, bool dryRun, CancellationToken cancellationToken)
    {
        if (await jobs.AnyRunningBackupAsync(set.Id, cancellationToken))
        {
            throw new ControllerException(ControllerErrorCodes.SetBusy, $"A backup of set {set.Name} is running.");
        }

        var client = clients.Create(set.Id, TokenPurpose.Backup);
        var catalog = await CatalogPacksAsync(set.Id, cancellationToken);
        var referenced = await ReferencedAsync(await OpenAsync(set, client, cancellationToken), cancellationToken);
        var unused = catalog.Where(p => !p.Ids.Any(referenced.Contains)).ToList();
        var partly = catalog.Count(p => p.Ids.Any(referenced.Contains) && !p.Ids.All(referenced.Contains));
        if (dryRun || unused.Count == 0)
        {
            return new PruneResult(unused.Count, unused.Sum(p => p.Length), partly);
        }

        var index = await dedup.GetAsync(set.Id, cancellationToken);
        index.RemoveCommitted(unused.SelectMany(p => p.Ids));
        try
        {
            if (await jobs.AnyRunningBackupAsync(set.Id, cancellationToken))
            {
                throw new ControllerException(ControllerErrorCodes.SetBusy, $"A backup of set {set.Name} started while pruning; nothing was deleted.");
            }

            var opened = await OpenAsync(set, client, cancellationToken);
            referenced = await ReferencedAsync(opened, cancellationToken);
            unused = [.. unused.Where(p => !p.Ids.Any(referenced.Contains))];
            foreach (var chunk in unused.Chunk(1000))
            {
                var status = await client.DeleteBatchAsync([.. chunk.Select(p => $"{set.DropboxFolder}/{BackupObjectNames.RelativePath(BackupObjectKind.Pack, p.Name)}")], cancellationToken);
                if (status.Tag != "complete" || status.Entries.Select(e => e.Failure).OfType<DropboxError>().Any(f => f.Code != RetroGridErrorCodes.NotFound))
                {
                    throw new ControllerException(ControllerErrorCodes.GroomFailed, $"Dropbox did not delete all of the unused packs ({status.Tag}).");
                }

                await packs.RemoveAsync(set.Id, chunk.Select(p => p.Name), cancellationToken);
            }

            // Index files listing the deleted packs are rewritten without them, so the set checks clean.
            await opened.DropPacksFromIndexFilesAsync(unused.Select(p => p.Name).ToHashSet(StringComparer.Ordinal), cancellationToken);
        }
        finally
        {
            // Reloaded from the catalog: the packs still there count again, the deleted ones do not.
            dedup.Forget(set.Id);
        }

        return new PruneResult(unused.Count, unused.Sum(p => p.Length), partly);
    }

    private async Task<List<CatalogPack>> CatalogPacksAsync(string setId, CancellationToken cancellationToken)
    {
        var result = new List<CatalogPack>();
        await foreach (var (pack, encoded) in packs.ReadAllAsync(setId, cancellationToken))
        {
            var entries = PackEntryCodec.Decode(Convert.FromBase64String(encoded), pack.Length, $"catalog entry of pack {pack.Name}");
            result.Add(new CatalogPack(pack.Name, pack.Length, [.. entries.Select(e => e.Id)]));
        }

        return result;
    }

    /// <summary>The set as on Dropbox now (its index read afresh).</summary>
    private Task<Core.Repository.BackupSet> OpenAsync(SetRecord set, DropboxClient client, CancellationToken cancellationToken) =>
        opener.OpenAsync(set, new DropboxStore(client, set.DropboxFolder), cancellationToken);

    /// <summary>Every blob a snapshot on Dropbox refers to: its trees and their files' contents.</summary>
    private static async Task<HashSet<BlobId>> ReferencedAsync(Core.Repository.BackupSet opened, CancellationToken cancellationToken)
    {
        var referenced = new HashSet<BlobId>();
        var trees = new Stack<BlobId>();
        foreach (var name in await opened.ListSnapshotsAsync(cancellationToken))
        {
            trees.Push((await opened.LoadSnapshotAsync(name, cancellationToken)).RootTree);
        }

        while (trees.TryPop(out var treeId))
        {
            if (!referenced.Add(treeId))
            {
                continue;
            }

            foreach (var node in (await opened.LoadTreeAsync(treeId, cancellationToken)).Nodes)
            {
                referenced.UnionWith(node.Content ?? []);
                if (node.Subtree is { } subtree)
                {
                    trees.Push(subtree);
                }
            }
        }

        return referenced;
    }

    private sealed record CatalogPack(string Name, long Length, BlobId[] Ids);
}

/// <summary>What pruning removed (or, on a dry run, would remove).</summary>
/// <param name="PacksDeleted">Packs no snapshot refers to.</param>
/// <param name="BytesReclaimed">Their size.</param>
/// <param name="PacksPartlyUsed">Packs kept although some of their blobs are unused (to be repacked).</param>
internal sealed record PruneResult(int PacksDeleted, long BytesReclaimed, int PacksPartlyUsed);
