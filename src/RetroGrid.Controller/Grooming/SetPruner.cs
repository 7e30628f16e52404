using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using RetroGrid.Contracts.V1;
using RetroGrid.Controller.Catalog;
using RetroGrid.Controller.Dedup;
using RetroGrid.Controller.Dropbox;
using RetroGrid.Controller.Hosting;
using RetroGrid.Controller.Jobs;
using RetroGrid.Core.Formats;
using RetroGrid.Core.Hashing;
using RetroGrid.Core.Packs;
using BackupSet = RetroGrid.Core.Repository.BackupSet;
using RetroGrid.Core.Storage;
using RetroGrid.Dropbox;

namespace RetroGrid.Controller.Grooming;

/// <summary>
/// Prunes a set while its backups keep running: deletes the packs no snapshot refers to and repacks the sparsely used
/// ones. No set-wide lock is needed because the controller knows every job in flight:
/// <list type="number">
/// <item>The blobs about to go are withdrawn from the dedup index: from now on no backup is told they are held.</item>
/// <item>The live blobs of sparse packs are copied into new packs (committed and indexed like a backup's), and the old
/// packs leave the index files, so jobs starting from now on read the copies.</item>
/// <item>The backups and restores running at that moment may have been told a withdrawn blob is held, or loaded the
/// old index: pruning waits until they have ended.</item>
/// <item>References are computed again from the snapshots on Dropbox, those the waited-for backups wrote included, and
/// only packs still holding nothing live go: deleted on Dropbox, then from the catalog and the index files. A sparse
/// pack kept after all is indexed again.</item>
/// </list>
/// </summary>
internal sealed class SetPruner(
    PackRegistry packs, JobRegistry jobs, JobCoordinator coordinator, CommitCoordinator commits, FleetDedupIndex dedup, Sets.SetOpener opener,
    SetDropboxClients clients, IOptions<ControllerOptions> options)
{
    /// <summary>Packs less than this percentage used are repacked unless the request says otherwise.</summary>
    public const int DefaultRepackBelowPercent = 50;

    private readonly ConcurrentDictionary<string, SemaphoreSlim> _perSet = new(StringComparer.Ordinal);

    /// <summary>Prunes the set; a prune of the same set already running (a scheduled groom, an admin's) is waited for first.</summary>
    public async Task<PruneResult> PruneAsync(SetRecord set, PruneOptions prune, CancellationToken cancellationToken)
    {
        var gate = _perSet.GetOrAdd(set.Id, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken);
        try
        {
            return await PruneAloneAsync(set, prune, cancellationToken);
        }
        finally
        {
            gate.Release();
        }
    }

    private async Task<PruneResult> PruneAloneAsync(SetRecord set, PruneOptions prune, CancellationToken cancellationToken)
    {
        var client = clients.Create(set.Id, TokenPurpose.Backup);
        await using var store = new DropboxStore(client, set.DropboxFolder, new CoordinatorPackCommitter(commits, set, prune.JobId), commitEveryWrite: true);
        var opened = await opener.OpenAsync(set, store, cancellationToken);
        var referenced = await ReferencedAsync(opened, cancellationToken);
        var usage = new PackUsage(await CatalogPacksAsync(set.Id, cancellationToken), referenced);
        var unused = usage.Unused;
        var sparse = prune.RepackBelowPercent < 0 ? [] : usage.Sparse(prune.RepackBelowPercent == 0 ? DefaultRepackBelowPercent : prune.RepackBelowPercent);
        var partlyUsed = usage.PartlyUsedCount - sparse.Count;
        if (prune.DryRun || (unused.Count == 0 && sparse.Count == 0))
        {
            var copied = sparse.Sum(p => usage.LiveBytes(p.Name));
            return new PruneResult(unused.Count + sparse.Count, BytesOf(unused) + BytesOf(sparse) - copied, partlyUsed, sparse.Count, 0, copied);
        }

        var index = await dedup.GetAsync(set.Id, cancellationToken);
        index.RemoveCommitted(unused.Concat(sparse).SelectMany(p => p.Entries).Select(e => e.Id).Where(id => !referenced.Contains(id)));
        try
        {
            var written = await opened.RepackAsync(sparse.SelectMany(p => usage.LiveEntries(p.Name)).Select(e => e.Id), cancellationToken);
            await opened.DropPacksFromIndexFilesAsync(sparse.Select(p => p.Name).ToHashSet(StringComparer.Ordinal), cancellationToken);
            try
            {
                await WaitForRunningJobsAsync(set, cancellationToken);
            }
            catch
            {
                // Nothing is deleted: the sparse packs get their index records back (their copies serve as well).
                await IndexAgainAsync(opened, sparse, CancellationToken.None);
                throw;
            }

            // Opened again: the trees of the backups waited for are in packs the first opening did not know.
            opened = await opener.OpenAsync(set, store, cancellationToken);
            var now = new PackUsage(await CatalogPacksAsync(set.Id, cancellationToken), await ReferencedAsync(opened, cancellationToken));
            var going = unused.Concat(sparse).Where(p => now.IsUnused(p.Name)).ToList();
            await DeleteAsync(set, client, going, cancellationToken);
            var goingNames = going.Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
            await opened.DropPacksFromIndexFilesAsync(goingNames, cancellationToken);
            var keptSparse = sparse.Where(p => !goingNames.Contains(p.Name)).ToList();
            await IndexAgainAsync(opened, keptSparse, cancellationToken);
            var bytesWritten = written.Sum(p => p.PackLength);
            return new PruneResult(going.Count, BytesOf(going) - bytesWritten, partlyUsed + keptSparse.Count, sparse.Count - keptSparse.Count, written.Count, bytesWritten);
        }
        finally
        {
            // Reloaded from the catalog: the packs still there count again, the deleted ones do not.
            dedup.Forget(set.Id);
        }
    }

    /// <summary>Waits for the agents' jobs running now: they may have been told a withdrawn blob is held.</summary>
    private async Task WaitForRunningJobsAsync(SetRecord set, CancellationToken cancellationToken)
    {
        var limit = options.Value.PruneWaitLimit;
        using var timeout = new CancellationTokenSource(limit, options.Value.TimeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            await coordinator.WhenEndedAsync(await jobs.RunningAgentJobsAsync(set.Id, cancellationToken), linked.Token);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new ControllerException(
                ControllerErrorCodes.SetBusy, $"Jobs of set {set.Name} that were running when pruning began have not ended within {limit}; nothing was deleted.");
        }
    }

    private async Task DeleteAsync(SetRecord set, DropboxClient client, IReadOnlyList<CatalogPack> going, CancellationToken cancellationToken)
    {
        foreach (var chunk in going.Chunk(1000))
        {
            var status = await client.DeleteBatchAsync([.. chunk.Select(p => $"{set.DropboxFolder}/{BackupObjectNames.RelativePath(BackupObjectKind.Pack, p.Name)}")], cancellationToken);
            if (status.Tag != "complete" || status.Entries.Select(e => e.Failure).OfType<DropboxError>().Any(f => f.Code != RetroGridErrorCodes.NotFound))
            {
                throw new ControllerException(ControllerErrorCodes.GroomFailed, $"Dropbox did not delete all of the unused packs ({status.Tag}).");
            }

            await packs.RemoveAsync(set.Id, chunk.Select(p => p.Name), cancellationToken);
        }
    }

    private static async Task IndexAgainAsync(BackupSet opened, IReadOnlyList<CatalogPack> kept, CancellationToken cancellationToken)
    {
        if (kept.Count > 0)
        {
            await opened.WriteIndexFileAsync(
                [.. kept.Select(p => new IndexFilePack { PackName = p.Name, PackLength = p.Length, Entries = p.Entries, ContentHash = p.ContentHash })], cancellationToken);
        }
    }

    private static long BytesOf(IEnumerable<CatalogPack> list) => list.Sum(p => p.Length);

    private async Task<List<CatalogPack>> CatalogPacksAsync(string setId, CancellationToken cancellationToken)
    {
        var result = new List<CatalogPack>();
        await foreach (var (pack, encoded) in packs.ReadAllAsync(setId, cancellationToken))
        {
            var entries = PackEntryCodec.Decode(Convert.FromBase64String(encoded), pack.Length, $"catalog entry of pack {pack.Name}");
            result.Add(new CatalogPack(pack.Name, pack.Length, pack.ContentHash, entries));
        }

        return result;
    }

    /// <summary>Every blob a snapshot on Dropbox refers to: its trees and their files' contents.</summary>
    private static async Task<HashSet<BlobId>> ReferencedAsync(BackupSet opened, CancellationToken cancellationToken)
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
}

/// <summary>How to prune.</summary>
/// <param name="DryRun">Only work out what would go.</param>
/// <param name="RepackBelowPercent">Repack packs used less than this (0: <see cref="SetPruner.DefaultRepackBelowPercent"/>; negative: none).</param>
/// <param name="JobId">Recorded with the packs repacking writes.</param>
internal sealed record PruneOptions(bool DryRun, int RepackBelowPercent, string JobId);

/// <summary>What pruning did (or, on a dry run, would do).</summary>
/// <param name="PacksDeleted">Packs deleted: unused ones and repacked ones.</param>
/// <param name="BytesReclaimed">Bytes deleted less bytes written by repacking.</param>
/// <param name="PacksPartlyUsed">Packs kept as they are although some of their blobs are unused.</param>
/// <param name="PacksRepacked">Deleted packs whose live blobs were first copied into new packs.</param>
/// <param name="PacksWritten">New packs written by repacking.</param>
/// <param name="BytesWritten">Their bytes (on a dry run: the live bytes that would be copied).</param>
internal sealed record PruneResult(int PacksDeleted, long BytesReclaimed, int PacksPartlyUsed, int PacksRepacked, int PacksWritten, long BytesWritten);
