using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Win32.SafeHandles;
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
    IBackupStore store, PackReader reader, MetadataWriter metadata, RestoreReport report, RestoreCounters counters, ILogger logger,
    int maxReadBytes, int maxChunkSize)
{
    private readonly ConcurrentBag<RangeBuffers> _buffers = [];
    private long _files;
    private long _bytes;

    public long Files => Volatile.Read(ref _files);

    public long Bytes => Volatile.Read(ref _bytes);

    public async ValueTask ReadAsync(RangeRead range, CancellationToken cancellationToken)
    {
        // At most one set of buffers per read in flight: the bag holds as many as the parallelism ever reached.
        var buffers = _buffers.TryTake(out var reused) ? reused : new RangeBuffers(maxReadBytes, maxChunkSize);
        try
        {
            var bytes = buffers.Range(range.Length);
            var rangeFailure = await ReadRangeAsync(range, bytes, cancellationToken).ConfigureAwait(false);
            foreach (var blob in range.Blobs)
            {
                Deliver(range, blob, rangeFailure, bytes, buffers.Plaintext(blob.Entry.RawLength));
            }
        }
        finally
        {
            _buffers.Add(buffers);
        }
    }

    /// <summary>Completes a file that has no blobs to wait for: size, rename into place, metadata.</summary>
    public void Finish(RestoreFile file) => Finish(file, handle: null);

    /// <summary>Reads the range into <paramref name="bytes"/>; returns why it failed, or null.</summary>
    private async Task<string?> ReadRangeAsync(RangeRead range, byte[] bytes, CancellationToken cancellationToken)
    {
        try
        {
            var read = await store.ReadRangeAsync(BackupObjectKind.Pack, range.PackName, range.Offset, bytes.AsMemory(0, range.Length), cancellationToken).ConfigureAwait(false);
            return read == range.Length ? null : $"{PackReader.ObjectName(range.PackName)} ends before byte {range.Offset + range.Length} (truncated).";
        }
        catch (FileNotFoundException)
        {
            return $"{PackReader.ObjectName(range.PackName)} is not in the store.";
        }
        catch (Exception ex) when (ex is not (OperationCanceledException or OutOfMemoryException))
        {
            return $"reading {PackReader.ObjectName(range.PackName)} failed: {ex.Message}";
        }
    }

    /// <summary>Authenticates one blob of the range and writes it into every file that holds it.</summary>
    private void Deliver(RangeRead range, PlannedBlob blob, string? rangeFailure, byte[] bytes, byte[] plaintext)
    {
        var entry = blob.Entry;
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

        var data = plaintext.AsSpan(0, entry.RawLength);
        var isZero = !data.ContainsAnyExcept((byte)0);
        foreach (var target in blob.Targets)
        {
            if (failure is not null)
            {
                target.File.Fail(failure);
            }

            Write(target, data, isZero);
        }
    }

    /// <summary>
    /// Writes one blob into its file (zeros are left as a hole). The write that completes the file finishes it through
    /// the same handle, so a file of one blob — most files — is opened once.
    /// </summary>
    private void Write(BlobTarget target, ReadOnlySpan<byte> data, bool isZero)
    {
        var file = target.File;
        SafeFileHandle? handle = null;
        try
        {
            if (file.Failure is null && !isZero)
            {
                handle = OpenTemp(file);
                RandomAccess.Write(handle, data, target.Offset);
            }

            if (file.Failure is null)
            {
                counters.Written(data.Length);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            file.Fail(ex.Message);
        }

        // Counted after the write, so the last one to count knows every other write to the file is done.
        if (file.BlobDone())
        {
            Finish(file, handle);
        }
        else
        {
            handle?.Dispose();
        }
    }

    /// <summary>Sets the size (past skipped zero blobs at the end the tail stays a hole), renames into place, applies metadata.</summary>
    private void Finish(RestoreFile file, SafeFileHandle? handle)
    {
        if (file.Failure is null)
        {
            try
            {
                using (handle ??= OpenTemp(file))
                {
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

        handle?.Dispose();
        TryDelete(file.TempPath);
        report.Fail(file.SnapshotPath, file.Failure!);
        RestoreLog.FileFailed(logger, file.SnapshotPath, file.Failure!);
    }

    private static SafeFileHandle OpenTemp(RestoreFile file) =>
        File.OpenHandle(file.TempPath, FileMode.OpenOrCreate, FileAccess.Write, FileShare.ReadWrite);

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
