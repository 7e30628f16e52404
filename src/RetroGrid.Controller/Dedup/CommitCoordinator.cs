using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Extensions.Options;
using RetroGrid.Contracts.V1;
using RetroGrid.Controller.Catalog;
using RetroGrid.Controller.Dropbox;
using RetroGrid.Controller.Hosting;
using RetroGrid.Controller.Telemetry;
using RetroGrid.Core.Storage;
using RetroGrid.Dropbox;

namespace RetroGrid.Controller.Dedup;

/// <summary>
/// Commits the packs (and the index files and snapshots) agents hand over: their closed upload sessions go into
/// <c>finish_batch_v2</c> calls, at most <see cref="MaxBatchSize"/> entries each and one call in flight per Dropbox
/// account, so every agent's sessions that arrive while a call runs are merged into the next one. Dropbox takes a namespace write lock per call, not per file:
/// this is what keeps a fleet from tripping over <c>too_many_write_operations</c>. Entries Dropbox still refuses with
/// it are retried in a later batch. Only once a pack is committed and recorded in the catalog are its blobs visible
/// to dedup. A retried hand-over of the same pack is answered from the catalog, or joins the commit in progress.
/// </summary>
internal sealed class CommitCoordinator(
    PackRegistry packs, FleetDedupIndex dedup, SetDropboxClients clients, DropboxUseMetrics dropboxUse, IOptions<ControllerOptions> options,
    ILogger<CommitCoordinator> logger)
{
    /// <summary>Dropbox's limit for one <c>finish_batch_v2</c> call.</summary>
    public const int MaxBatchSize = 1000;

    private readonly ConcurrentDictionary<string, AccountQueue> _accounts = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<(string SetId, string Path), Lazy<Task<PackRecord>>> _committing = new();

    /// <summary>Commits <paramref name="pack"/> into <paramref name="set"/>'s folder; completes once it is committed and indexed.</summary>
    public async Task<PackRecord> CommitAsync(SetRecord set, string jobId, PackToCommit pack, CancellationToken cancellationToken)
    {
        if (pack.Kind == BackupObjectKind.Pack && await packs.FindAsync(set.Id, pack.Name, cancellationToken) is { } committed)
        {
            return committed;
        }

        var key = (set.Id, PathOf(set, pack));
        // Lazy: two hand-overs racing here must share one commit, and GetOrAdd may run its factory twice.
        var lazy = _committing.GetOrAdd(key, _ => new Lazy<Task<PackRecord>>(() => CommitNewAsync(set, jobId, pack)));
        var commit = lazy.Value;

        // Forgotten once done, whoever is still waiting: a later hand-over finds the pack in the catalog.
        _ = commit.ContinueWith(
            _ => _committing.TryRemove(new KeyValuePair<(string, string), Lazy<Task<PackRecord>>>(key, lazy)),
            CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);

        // The commit itself goes on if this caller gives up.
        return await commit.WaitAsync(cancellationToken);
    }

    /// <summary>
    /// Completes once no commit into the set is in progress. The caller has stopped new ones (the set's jobs ended),
    /// so what is awaited is only what was already on its way to Dropbox.
    /// </summary>
    public async Task WhenSetIdleAsync(string setId, CancellationToken cancellationToken)
    {
        while (_committing.Where(c => c.Key.SetId == setId).Select(c => c.Value.Value).ToArray() is { Length: > 0 } inFlight)
        {
            await Task.WhenAll(inFlight).ContinueWith(static _ => { }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default)
                .WaitAsync(cancellationToken);
        }
    }

    private async Task<PackRecord> CommitNewAsync(SetRecord set, string jobId, PackToCommit pack)
    {
        await Task.Yield();
        var entry = new DropboxFinishBatchEntry(new DropboxUploadSessionCursor(pack.UploadSessionId, pack.Length), new DropboxCommitInfo(PathOf(set, pack)), pack.ContentHash);
        var queue = _accounts.GetOrAdd(set.DropboxAccount ?? set.Id, _ => new AccountQueue(this));
        DropboxFileMetadata metadata;
        try
        {
            metadata = await queue.CommitAsync(new PendingCommit(set.Id, entry));
        }
        catch (ControllerException ex)
        {
            ControllerLog.PackCommitFailed(logger, pack.Name, jobId, ex.Code.Code);
            throw;
        }

        if (metadata.Size != pack.Length || (pack.ContentHash is not null && metadata.ContentHash != pack.ContentHash))
        {
            ControllerLog.PackCommitFailed(logger, pack.Name, jobId, ControllerErrorCodes.PackCommitFailed.Code);
            throw new ControllerException(
                ControllerErrorCodes.PackCommitFailed,
                $"Dropbox holds pack {pack.Name} as {metadata.Size} bytes hashing to {metadata.ContentHash}, but the agent sent {pack.Length} bytes hashing to {pack.ContentHash}.");
        }

        var record = new PackRecord(set.Id, pack.Name, metadata.Size, metadata.ContentHash ?? pack.ContentHash ?? string.Empty);
        if (pack.Kind == BackupObjectKind.Pack)
        {
            await packs.AddAsync(record, jobId, pack.Entries, CancellationToken.None);
            var index = await dedup.GetAsync(set.Id, CancellationToken.None);
            index.AddCommitted([.. pack.Entries.Select(e => e.Id)]);
        }

        return record;
    }

    /// <summary>Where an object of the set goes in its Dropbox folder.</summary>
    public static string PathOf(SetRecord set, PackToCommit pack) => $"{set.DropboxFolder.TrimEnd('/')}/{BackupObjectNames.RelativePath(pack.Kind, pack.Name)}";

    /// <summary>Sends one batch; never throws: every entry ends committed, failed, or queued again.</summary>
    private async Task CommitBatchAsync(AccountQueue queue, List<PendingCommit> batch)
    {
        using var activity = ControllerTracing.Source.StartActivity(
            "retrogrid.commit.batch",
            ActivityKind.Internal,
            batch[0].Trace,
            tags: [new("retrogrid.set.id", batch[0].SetId), new("retrogrid.commit.batch.size", batch.Count)],
            links: [.. batch.Skip(1).Where(p => p.Trace != default).Select(p => new ActivityLink(p.Trace))]);
        dropboxUse.BatchSent(batch.Count);
        var client = clients.Create(batch[0].SetId, TokenPurpose.Backup);
        IReadOnlyList<DropboxBatchEntryResult<DropboxFileMetadata>> results;
        try
        {
            results = await client.FinishUploadBatchAsync([.. batch.Select(p => p.Entry)], CancellationToken.None);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            var failure = ex as ControllerException ?? Refused(batch[0].Entry, ex is DropboxApiException api ? api.Code : RetroGridErrorCodes.DestinationUnavailable, ex.Message);
            foreach (var pending in batch)
            {
                pending.Outcome.TrySetException(failure);
            }

            return;
        }

        int committed = 0, retried = 0, failed = 0;
        for (var i = 0; i < batch.Count; i++)
        {
            var pending = batch[i];
            if (results[i] is { Metadata: { } metadata, Failure: null })
            {
                pending.Outcome.TrySetResult(metadata);
                committed++;
            }
            else if (results[i].Failure!.Code == RetroGridErrorCodes.RateLimited && ++pending.Attempts < options.Value.CommitAttempts)
            {
                queue.Requeue(pending);
                retried++;
            }
            else if (results[i].Failure!.Code == RetroGridErrorCodes.UploadSessionLost && await FindCommittedAsync(client, pending.Entry) is { } earlier)
            {
                // The session was finished by an earlier call whose answer was lost (a controller restart, a reset).
                pending.Outcome.TrySetResult(earlier);
                committed++;
            }
            else
            {
                var failure = results[i].Failure!;
                pending.Outcome.TrySetException(Refused(pending.Entry, failure.Code, failure.TagPath));
                failed++;
            }
        }

        ControllerLog.CommitBatchDone(logger, batch[0].SetId, batch.Count, committed, retried, failed);
        if (retried > 0)
        {
            // Another writer holds the namespace lock (an agent writing its index file or snapshot): give it a moment.
            // Real time, as the clients' own waits (SetDropboxClients).
            await Task.Delay(options.Value.CommitRetryDelay, TimeProvider.System);
        }
    }

    /// <summary>The file an earlier commit of this session made, if it holds exactly the bytes the agent sent.</summary>
    private static async Task<DropboxFileMetadata?> FindCommittedAsync(DropboxClient client, DropboxFinishBatchEntry entry)
    {
        try
        {
            return await client.GetMetadataAsync(entry.Commit.Path) is DropboxFileMetadata file
                && file.Size == entry.Cursor.Offset && entry.ExpectedContentHash is { } expected && file.ContentHash == expected ? file : null;
        }
        catch (Exception ex) when (ex is DropboxApiException or HttpRequestException or IOException)
        {
            return null;
        }
    }

    private static ControllerException Refused(DropboxFinishBatchEntry entry, RetroGridErrorCode dropboxCode, string detail) => new(
        ControllerErrorCodes.PackCommitFailed, $"Dropbox did not commit {entry.Commit.Path}: {dropboxCode.Code} {dropboxCode.Name} ({detail}).");

    /// <summary>An agent's session waiting for its batch.</summary>
    private sealed class PendingCommit(string setId, DropboxFinishBatchEntry entry)
    {
        public string SetId { get; } = setId;

        /// <summary>The trace of the job whose pack this is (its agent's CommitPack call).</summary>
        public ActivityContext Trace { get; } = Activity.Current?.Context ?? default;

        public DropboxFinishBatchEntry Entry { get; } = entry;

        public int Attempts { get; set; }

        public TaskCompletionSource<DropboxFileMetadata> Outcome { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    /// <summary>One Dropbox account's sessions waiting for a batch, and the one batch in flight.</summary>
    private sealed class AccountQueue(CommitCoordinator owner)
    {
        private readonly Lock _lock = new();
        private readonly List<PendingCommit> _waiting = [];
        private bool _sending;

        public Task<DropboxFileMetadata> CommitAsync(PendingCommit pending)
        {
            lock (_lock)
            {
                _waiting.Add(pending);
                if (!_sending)
                {
                    _sending = true;
                    _ = SendAllAsync();
                }
            }

            return pending.Outcome.Task;
        }

        /// <summary>A refused entry goes first in the next batch.</summary>
        public void Requeue(PendingCommit pending)
        {
            lock (_lock)
            {
                _waiting.Insert(0, pending);
            }
        }

        private async Task SendAllAsync()
        {
            await Task.Yield();
            while (true)
            {
                List<PendingCommit> batch;
                lock (_lock)
                {
                    if (_waiting.Count == 0)
                    {
                        _sending = false;
                        return;
                    }

                    var take = Math.Min(_waiting.Count, MaxBatchSize);
                    batch = _waiting.GetRange(0, take);
                    _waiting.RemoveRange(0, take);
                }

                try
                {
                    await owner.CommitBatchAsync(this, batch);
                }
                catch (Exception ex) when (ex is not OutOfMemoryException)
                {
                    // Never leave a caller waiting: whatever went wrong fails this batch, and the queue goes on.
                    foreach (var pending in batch)
                    {
                        pending.Outcome.TrySetException(ex);
                    }
                }
            }
        }
    }
}
