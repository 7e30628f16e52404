using System.Runtime.ExceptionServices;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using RetroGrid.Core.Chunking;
using RetroGrid.Core.FileSystem;
using RetroGrid.Core.Formats;
using RetroGrid.Core.Hashing;
using RetroGrid.Core.Index;
using RetroGrid.Core.Repository;

namespace RetroGrid.Core.Backup;

/// <summary>
/// One backup: wires scanner → readers (each packing its own new chunks) → commits, runs them, and writes the snapshot
/// last, once every pack it references is committed. Any stage's failure cancels the others.
/// </summary>
internal sealed class BackupRun
{
    /// <summary>Bounds how long the index file for already committed packs may take after a cancel.</summary>
    private static readonly TimeSpan IndexFileTimeout = TimeSpan.FromSeconds(30);

    private readonly BackupSet _set;
    private readonly BackupEngineOptions _options;
    private readonly ILogger _logger;
    private readonly BackupRequest _request;
    private readonly IProgress<BackupProgress>? _progress;
    private readonly IFileSystem _fileSystem;
    private readonly BackupCounters _counters = new();
    private readonly IMissingBlobFinder _finder;
    private readonly BlobDeduplicator _dedup;
    private readonly WarningCollector _warnings;

    public BackupRun(BackupSet set, BackupEngineOptions options, ILogger logger, BackupRequest request, IProgress<BackupProgress>? progress)
    {
        _set = set;
        _options = options;
        _logger = logger;
        _request = request;
        _progress = progress;
        _fileSystem = options.FileSystem ?? FileSystems.Create();
        _finder = options.BlobFinder ?? set.Index;
        _dedup = new BlobDeduplicator(_finder);
        _warnings = new WarningCollector(options.MaxWarnings);
    }

    public async Task<BackupResult> RunAsync(CancellationToken cancellationToken)
    {
        var roots = BackupRoot.Resolve(_request.Paths, _fileSystem);
        var paths = roots.Select(r => r.FullPath).ToArray();
        var parent = await ParentSnapshots.FindAsync(_set, _request, paths, cancellationToken).ConfigureAwait(false);
        BackupLog.Started(_logger, paths.Length, parent?.Name ?? "(none)");
        var started = _options.TimeProvider.GetUtcNow();

        using var run = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var commits = new PackCommits(_set, _dedup, _counters, _logger, _options.MaxPendingCommits, _ => run.Cancel());
        BlobId rootTree;
        using (var reporter = new PeriodicReporter<BackupProgress>(_progress, _counters.ToProgress, _options.TimeProvider, _options.ProgressInterval))
        {
            try
            {
                rootTree = await RunPipelineAsync(roots, parent?.Snapshot.RootTree, commits, run, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                BackupLog.Stopped(_logger, ex, commits.Committed);
                throw;
            }
            finally
            {
                await WriteIndexFileAsync().ConfigureAwait(false);
                BlobBuffers.Trim();
            }
        }

        var snapshot = new Snapshot
        {
            TimeUnixNs = (started - DateTimeOffset.UnixEpoch).Ticks * 100,
            Host = _request.Host,
            AgentId = _request.AgentId,
            Paths = paths,
            RootTree = rootTree,
            Parent = parent?.Name,
            Tags = _request.Tags,
            Statistics = new SnapshotStatistics
            {
                FilesScanned = _counters.FilesScanned,
                DirectoriesScanned = _counters.DirectoriesScanned,
                BytesScanned = _counters.BytesScanned,
                FilesNew = _counters.FilesRead,
                BytesNew = _counters.BytesNew,
                BytesUploaded = _counters.BytesUploaded,
                DurationNs = (_options.TimeProvider.GetUtcNow() - started).Ticks * 100,
            },
            Warnings = _warnings.ToList(),
        };

        // Last: a snapshot is written only once everything it references is committed, its own packs and the blobs
        // other backups were storing when the finder reported them held.
        await _finder.ConfirmHeldAsync(cancellationToken).ConfigureAwait(false);
        var name = await _set.SaveSnapshotAsync(snapshot, cancellationToken).ConfigureAwait(false);
        BackupLog.Finished(_logger, name, _counters.FilesScanned, _counters.BytesNew, _counters.BytesUploaded, snapshot.Warnings.Count);
        return new BackupResult(name, snapshot);
    }

    private async Task<BlobId> RunPipelineAsync(
        IReadOnlyList<BackupRoot> roots, BlobId? parentRoot, PackCommits commits, CancellationTokenSource run, CancellationToken cancellationToken)
    {
        var token = run.Token;
        var chunker = new FastCdcChunker(_set.ChunkerParameters);
        var trees = new TreePacker(_dedup, _counters, new Packer(_set, commits, keepsSealBuffer: false));
        await using (trees.ConfigureAwait(false))
        {
            var assembler = new TreeAssembler(_set, trees);
            var zeroIds = new ZeroChunkIds();
            var files = Channel.CreateBounded<FileWork>(new BoundedChannelOptions(_options.Parallelism * 64) { SingleWriter = true });
            var exclude = new ExcludeFilter(_request.Excludes);
            var walker = new DirectoryWalker(_fileSystem, _options.StayOnFileSystem, exclude.IsEmpty ? null : e => !exclude.IsExcluded(e.Name, e.Path));
            var (emptyTreeId, emptyTree) = _set.EncodeTree(Tree.Create([]));
            var scanner = new TreeScanner(_fileSystem, walker, assembler, new ParentTrees(_set, parentRoot), _counters, _warnings, trees, emptyTreeId, emptyTree);
            var top = new PendingDirectory(string.Empty, roots.Count);

            var readers = Enumerable.Range(0, _options.Parallelism)
                .Select(_ => Guard(() => RunReaderAsync(chunker, assembler, zeroIds, files.Reader, commits, token), run))
                .ToArray();
            var scan = Guard(() => scanner.RunAsync(roots, top, files.Writer, token), run);

            // Each stage is awaited without throwing, so that every one has settled before the outcome is judged.
            await WhenAllSettledAsync([scan]).ConfigureAwait(false);
            files.Writer.TryComplete();
            await WhenAllSettledAsync(readers).ConfigureAwait(false);

            // Every tree, the top one included, is stored by now (or the run failed): close the tree pack.
            var treesFinished = Guard(() => trees.FinishAsync(token).AsTask(), run);
            await WhenAllSettledAsync([treesFinished]).ConfigureAwait(false);
            var committed = commits.WhenAllAsync();
            await WhenAllSettledAsync([committed]).ConfigureAwait(false);

            // A failing stage cancels the others: report its exception, not the cancellation another stage saw first.
            Task[] stages = [scan, .. readers, treesFinished, committed];
            var cause = stages.Where(t => t.IsFaulted).Select(t => t.Exception!.InnerException).FirstOrDefault(e => e is not OperationCanceledException);
            if (cause is not null)
            {
                ExceptionDispatchInfo.Throw(cause);
            }

            await Task.WhenAll(stages).ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
            return top.TreeId ?? throw new InvalidOperationException("The backup's top tree was not completed.");
        }
    }

    private async Task RunReaderAsync(
        FastCdcChunker chunker, TreeAssembler assembler, ZeroChunkIds zeroIds, ChannelReader<FileWork> files, PackCommits commits, CancellationToken cancellationToken)
    {
        var packer = new Packer(_set, commits, keepsSealBuffer: true);
        await using (packer.ConfigureAwait(false))
        {
            using var batch = new ChunkBatch(_dedup, packer, _counters, _options.DedupBatchSize ?? _finder.QueryBatchSize);
            var reader = new FileReader(chunker, _set.IdHasher, _fileSystem, assembler, batch, _counters, _warnings, zeroIds, _logger);
            await reader.RunAsync(files, cancellationToken).ConfigureAwait(false);
            await packer.FinishAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Runs a stage on the thread pool; its failure cancels the whole run so no other stage waits forever on a full channel.</summary>
    private static Task Guard(Func<Task> stage, CancellationTokenSource run) => Task.Run(async () =>
    {
        try
        {
            await stage().ConfigureAwait(false);
        }
        catch
        {
            await run.CancelAsync().ConfigureAwait(false);
            throw;
        }
    });

    private static async Task WhenAllSettledAsync(Task[] tasks)
    {
        try
        {
            await Task.WhenAll(tasks).ConfigureAwait(false);
        }
        catch (Exception)
        {
            // Judged by the caller once every stage has settled.
        }
    }

    /// <summary>Records the packs committed by this run in an index file, even after a cancel (a bounded, separate token).</summary>
    private async Task WriteIndexFileAsync()
    {
        using var timeout = new CancellationTokenSource(IndexFileTimeout, _options.TimeProvider);
        try
        {
            await _set.WriteIndexFileAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            BackupLog.IndexFileFailed(_logger, ex);
        }
    }
}
