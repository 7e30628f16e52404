using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using RetroGrid.Core.Chunking;
using RetroGrid.Core.FileSystem;
using RetroGrid.Core.Formats;
using RetroGrid.Core.Hashing;

namespace RetroGrid.Core.Backup;

/// <summary>
/// One reader: takes files from the scanner's queue, reads each once, chunks and hashes it (in the reader's own
/// buffer, no per-chunk allocation apart from the pooled copy of a chunk that may be new), re-stats it to catch
/// changes made while it was read, and fills its slot in the directory's tree.
/// </summary>
internal sealed class FileReader(
    FastCdcChunker chunker,
    IBlobIdHasher hasher,
    IFileSystem fileSystem,
    TreeAssembler assembler,
    ChunkBatch batch,
    BackupCounters counters,
    WarningCollector warnings,
    ZeroChunkIds zeroIds,
    ILogger logger)
{
    /// <summary>
    /// One read buffer for every file this reader reads: 1.5 × MaxSize moves about one byte to the buffer's front per
    /// byte chunked (2 × MaxSize moves half as much, at 4 MiB more per reader: measured against peak memory).
    /// </summary>
    private readonly byte[] _readBuffer = GC.AllocateUninitializedArray<byte>(chunker.Parameters.MaxSize * 3 / 2);

    public async Task RunAsync(ChannelReader<FileWork> files, CancellationToken cancellationToken)
    {
        await foreach (var work in files.ReadAllAsync(cancellationToken).ConfigureAwait(false))
        {
            var node = await ReadAsync(work, cancellationToken).ConfigureAwait(false);
            counters.FileDone(work.Metadata.Size);
            await assembler.CompleteAsync(work.Directory, work.Slot, node, cancellationToken).ConfigureAwait(false);
        }

        await batch.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    private async ValueTask<TreeNode?> ReadAsync(FileWork work, CancellationToken cancellationToken)
    {
        counters.FileStarted(work.Path);
        try
        {
            var content = new List<BlobId>((int)Math.Min(1024, (work.Metadata.Size / chunker.Parameters.AverageSize) + 1));
            long length = 0;
            var stream = new FileStream(work.Path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, bufferSize: 0, FileOptions.SequentialScan);
            await using (stream.ConfigureAwait(false))
            {
                using var reader = new ChunkStreamReader(chunker, stream, _readBuffer);
                while (true)
                {
                    var chunk = await reader.ReadChunkAsync(cancellationToken).ConfigureAwait(false);
                    if (chunk.IsEmpty)
                    {
                        break;
                    }

                    length += chunk.Length;
                    counters.Read(chunk.Length);
                    content.Add(await HashAsync(chunk, cancellationToken).ConfigureAwait(false));
                }
            }

            var after = fileSystem.GetMetadata(work.Path);
            if (after.Size != work.Metadata.Size || after.ModifiedTimeNs != work.Metadata.ModifiedTimeNs
                || after.ChangeTimeNs != work.Metadata.ChangeTimeNs || length != work.Metadata.Size)
            {
                // Keep what was read (it is a real, if torn, state of the file) under the scan-time metadata, so the
                // next progressive backup sees the difference and reads the file again.
                warnings.Add(work.Path, SnapshotWarningKind.ChangedWhileReading, "The file changed while it was being read; the stored copy may be inconsistent.");
                BackupLog.FileChanged(logger, work.Path);
            }

            return work.Template with
            {
                Size = length,
                Content = content,
                Xattrs = TreeNodes.ToXattrs(fileSystem.GetExtendedAttributes(work.Path)),
            };
        }
        catch (Exception ex) when (ex is not OperationCanceledException && warnings.TryAdd(work.Path, ex))
        {
            BackupLog.FileSkipped(logger, work.Path, ex.Message);
            return null;
        }
    }

    private async ValueTask<BlobId> HashAsync(ReadOnlyMemory<byte> chunk, CancellationToken cancellationToken)
    {
        // Holes of sparse files and zero-filled images: a zero chunk of a length seen before has a known id and has
        // already been through dedup, so it is neither hashed nor copied again.
        var isZero = !chunk.Span.ContainsAnyExcept((byte)0);
        if (isZero && zeroIds.TryGet(chunk.Length, out var zeroId))
        {
            return zeroId;
        }

        var id = hasher.Compute(chunk.Span);
        await batch.AddAsync(id, chunk, cancellationToken).ConfigureAwait(false);
        if (isZero)
        {
            zeroIds.Add(chunk.Length, id);
        }

        return id;
    }
}
