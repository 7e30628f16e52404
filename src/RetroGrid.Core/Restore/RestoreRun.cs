using Microsoft.Extensions.Logging;
using RetroGrid.Core.Backup;
using RetroGrid.Core.Chunking;
using RetroGrid.Core.FileSystem;
using RetroGrid.Core.Packs;
using RetroGrid.Core.Repository;

namespace RetroGrid.Core.Restore;

/// <summary>One restore: plan (trees, directories, symlinks, which blobs where), ranged reads in parallel, then directory metadata.</summary>
internal sealed class RestoreRun(BackupSet set, RestoreEngineOptions options, ILogger logger, RestoreRequest request, IProgress<RestoreProgress>? progress)
{
    public async Task<RestoreResult> RunAsync(CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(request.SnapshotName);
        ArgumentException.ThrowIfNullOrEmpty(request.TargetDirectory);
        var snapshot = await set.LoadSnapshotAsync(request.SnapshotName, cancellationToken).ConfigureAwait(false);
        var top = await set.LoadTreeAsync(snapshot.RootTree, cancellationToken).ConfigureAwait(false);

        var fileSystem = FileSystems.Create();
        var report = new RestoreReport();
        var counters = new RestoreCounters();
        var metadata = new MetadataWriter(fileSystem, report);
        var existing = new ExistingEntries(request.ExistingFiles, fileSystem, new FastCdcChunker(set.ChunkerParameters), set.IdHasher);
        var includes = request.Includes.Select(p => new PathGlob(p.Trim('/'))).ToArray();
        var planner = new RestorePlanner(set, fileSystem, existing, includes, metadata, report, counters);
        var writer = new RestoreWriter(
            set.Store, new PackReader(set.Keys, set.Compressor, set.IdHasher), metadata, report, counters, logger, options.MaxReadBytes, set.ChunkerParameters.MaxSize);
        var target = Path.GetFullPath(request.TargetDirectory);

        using (new PeriodicReporter<RestoreProgress>(progress, counters.ToProgress, options.TimeProvider, options.ProgressInterval))
        {
            await planner.PlanAsync(top, target, cancellationToken).ConfigureAwait(false);
            var packs = planner.Blobs.Values
                .Where(b => b.Targets.Count > 0)
                .GroupBy(b => b.PackName, StringComparer.Ordinal)
                .Select(g => RangeRead.Coalesce(g.Key, [.. g], options.MaxGapBytes, options.MaxReadBytes).ToList())
                .ToList();
            RestoreLog.Planned(logger, request.SnapshotName, counters.FilesTotal, counters.BytesTotal, packs.Sum(p => p.Count));

            // The reads hold every planned blob now; the lookup by id is no longer needed during the downloads.
            planner.Blobs.Clear();
            planner.Blobs.TrimExcess();

            foreach (var file in planner.EmptyFiles)
            {
                writer.Finish(file);
            }

            var parallel = new ParallelOptions { MaxDegreeOfParallelism = options.ParallelismFor(set.Store), CancellationToken = cancellationToken };
            try
            {
                // A pack at a time per worker, its reads in order: two workers then seldom write into the same file at
                // once (same-file writes wait on its inode lock: 6 % of a restore's CPU was spent spinning there), and
                // each pack is read front to back.
                await Parallel.ForEachAsync(packs, parallel, async (reads, token) =>
                {
                    foreach (var read in reads)
                    {
                        await writer.ReadAsync(read, token).ConfigureAwait(false);
                    }
                }).ConfigureAwait(false);
            }
            finally
            {
                BlobBuffers.Trim();
            }

            // Children before parents: setting a directory's mtime before writing into it would be undone by the writes.
            foreach (var directory in planner.Directories)
            {
                metadata.Apply(directory.Path, directory.SnapshotPath, directory.Node);
            }
        }

        var (warnings, failures) = report.ToLists();
        var result = new RestoreResult(writer.Files + planner.FilesSkipped, planner.Directories.Count, writer.Bytes, warnings) { Failures = failures };
        RestoreLog.Finished(logger, result.Files, result.Bytes, failures.Count, warnings.Count);
        return result;
    }
}
