using RetroGrid.Core.Crypto;
using RetroGrid.Core.Hashing;
using RetroGrid.Core.Packs;
using RetroGrid.Core.Repository;
using RetroGrid.Core.Storage;

namespace RetroGrid.Core.Backup;

/// <summary>
/// One open pack: compresses and seals each new blob into it (streamed to the store as it fills) and hands full packs
/// to <see cref="PackCommits"/>. Each reader owns one, so compression and encryption run on the reader's own core with
/// no queue of raw chunks between them (a queue that, with its buffers, cost more memory than the rest of the
/// pipeline); trees share one behind a lock. Not thread-safe.
/// </summary>
internal sealed class Packer(BackupSet set, PackCommits commits, bool keepsSealBuffer) : IAsyncDisposable
{
    /// <summary>
    /// A pack of tiny blobs (a million 20-byte files fit in one 32 MiB pack) would hold its whole index, and its
    /// dedup claims, in memory until it fills; capping the count keeps both bounded (measured: 1M tiny files).
    /// </summary>
    internal const int MaxBlobsPerPack = 16 * 1024;

    /// <summary>
    /// Every chunk fits in it sealed; kept across this packer's packs (see <see cref="PackWriter"/>). Readers keep one;
    /// the tree packer does not, its blobs being mostly small.
    /// </summary>
    private readonly byte[]? _sealBuffer = keepsSealBuffer ? GC.AllocateUninitializedArray<byte>(set.ChunkerParameters.MaxSize + AeadSealer.Overhead) : null;

    private PackWriter? _writer;
    private IPackUpload? _upload;

    /// <summary>Writes <paramref name="blob"/> into the open pack (opening one if needed) and disposes it.</summary>
    public async ValueTask AddAsync(PendingBlob blob, CancellationToken cancellationToken)
    {
        using (blob)
        {
            await AddAsync(blob.Id, blob.Type, blob.Chunk.Memory, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Compresses and seals <paramref name="plaintext"/> into the open pack (opening one if needed).</summary>
    public async ValueTask AddAsync(BlobId id, BlobType type, ReadOnlyMemory<byte> plaintext, CancellationToken cancellationToken)
    {
        if (_writer is null)
        {
            _upload = await set.Store.BeginPackUploadAsync(cancellationToken).ConfigureAwait(false);
            _writer = set.CreatePackWriter(_upload, _sealBuffer);
        }

        await _writer.AddAsync(id, type, plaintext, cancellationToken).ConfigureAwait(false);
        if (_writer.IsFull || _writer.Count >= MaxBlobsPerPack)
        {
            await FinishAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Finishes the open pack, if any, and hands it to the commits.</summary>
    public async ValueTask FinishAsync(CancellationToken cancellationToken)
    {
        if (_writer is null)
        {
            return;
        }

        // From here on this method owns the pair, whatever happens.
        var (writer, upload) = (_writer, _upload!);
        (_writer, _upload) = (null, null);
        PackWriteResult pack;
        try
        {
            pack = await writer.FinishAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await upload.DisposeAsync().ConfigureAwait(false);
            throw;
        }
        finally
        {
            writer.Dispose();
        }

        await commits.StartAsync(upload, pack, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Only an unfinished pack is left here (cancel or failure): its bytes are discarded, never committed.</summary>
    public async ValueTask DisposeAsync()
    {
        _writer?.Dispose();
        _writer = null;
        if (_upload is { } upload)
        {
            _upload = null;
            await upload.DisposeAsync().ConfigureAwait(false);
        }
    }
}
