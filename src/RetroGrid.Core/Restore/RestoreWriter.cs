using System.Buffers;
using Microsoft.Extensions.Logging;
using RetroGrid.Core.Errors;
using RetroGrid.Core.Packs;
using RetroGrid.Core.Storage;

namespace RetroGrid.Core.Restore;

/// <summary>
/// Executes ranged reads: authenticates, decompresses and re-hashes each blob (<see cref="PackReader.OpenBlob"/>), writes
/// it to every file that needs it, and finishes a file when its last blob is in — renamed into place if all went well,
/// deleted if any blob was damaged, so wrong bytes never appear under a restored name. All-zero blobs are not written,
/// which keeps sparse files sparse.
/// </summary>
internal sealed class RestoreWriter(
    IBackupStore store, PackReader reader, MetadataWriter metadata, RestoreReport report, RestoreCounters counters, ILogger logger)
{
    private long _files;
    private long _bytes;

    public long Files => Volatile.Read(ref _files);

    public long Bytes => Volatile.Read(ref _bytes);

    public async ValueTask ReadAsync(RangeRead range, CancellationToken cancellationToken)
    {
        byte[]? bytes = null;
        string? rangeFailure = null;
        try
        {
            bytes = await store.ReadRangeAsync(BackupObjectKind.Pack, range.PackName, range.Offset, range.Length, cancellationToken).ConfigureAwait(false);
            if (bytes.Length != range.Length)
            {
                rangeFailure = $"{PackReader.ObjectName(range.PackName)} ends before byte {range.Offset + range.Length} (truncated).";
            }
        }
        catch (FileNotFoundException)
        {
            rangeFailure = $"{PackReader.ObjectName(range.PackName)} is not in the store.";
        }
        catch (Exception ex) when (ex is not (OperationCanceledException or OutOfMemoryException))
        {
            rangeFailure = $"reading {PackReader.ObjectName(range.PackName)} failed: {ex.Message}";
        }

        foreach (var blob in range.Blobs)
        {
            var entry = blob.Entry;
            var plaintext = ArrayPool<byte>.Shared.Rent(entry.RawLength);
            try
            {
                var failure = rangeFailure;
                if (failure is null)
                {
                    try
                    {
                        reader.OpenBlob(range.PackName, entry, bytes.AsSpan((int)(entry.Offset - range.Offset), entry.Length), plaintext.AsSpan(0, entry.RawLength));
                    }
                    catch (RetroGridFormatException ex)
                    {
                        failure = ex.Message;
                    }
                }

                var data = plaintext.AsMemory(0, entry.RawLength);
                var isZero = !data.Span.ContainsAnyExcept((byte)0);
                foreach (var target in blob.Targets)
                {
                    if (failure is not null)
                    {
                        target.File.Fail(failure);
                    }
                    else if (target.File.Failure is null)
                    {
                        Write(target, data.Span, isZero);
                    }

                    if (target.File.BlobDone())
                    {
                        Finish(target.File);
                    }
                }
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(plaintext);
            }
        }
    }

    /// <summary>Completes a file whose blobs are all done (or that has none): size, rename into place, metadata.</summary>
    public void Finish(RestoreFile file)
    {
        if (file.Failure is null)
        {
            try
            {
                using (var handle = File.OpenHandle(file.TempPath, FileMode.OpenOrCreate, FileAccess.Write, FileShare.ReadWrite))
                {
                    // Sets the length past skipped zero blobs at the end: the tail stays a hole.
                    RandomAccess.SetLength(handle, file.Node.Size);
                }

                File.Move(file.TempPath, file.FinalPath, overwrite: true);
                metadata.Apply(file.FinalPath, file.SnapshotPath, file.Node);
                Interlocked.Increment(ref _files);
                Interlocked.Add(ref _bytes, file.Node.Size);
                counters.FileDone();
                return;
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                file.Fail(ex.Message);
            }
        }

        TryDelete(file.TempPath);
        report.Fail(file.SnapshotPath, file.Failure!);
        RestoreLog.FileFailed(logger, file.SnapshotPath, file.Failure!);
    }

    private void Write(BlobTarget target, ReadOnlySpan<byte> data, bool isZero)
    {
        if (isZero)
        {
            // Left as a hole: Finish sets the length, and unwritten ranges read as zeros.
            counters.Written(data.Length);
            return;
        }

        try
        {
            using var handle = File.OpenHandle(target.File.TempPath, FileMode.OpenOrCreate, FileAccess.Write, FileShare.ReadWrite);
            RandomAccess.Write(handle, data, target.Offset);
            counters.Written(data.Length);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            target.File.Fail(ex.Message);
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Only ever a temporary name: it does not pass for a restored file.
        }
    }
}
