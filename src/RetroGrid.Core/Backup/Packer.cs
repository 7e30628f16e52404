using System.Threading.Channels;
using RetroGrid.Core.Packs;
using RetroGrid.Core.Repository;
using RetroGrid.Core.Storage;

namespace RetroGrid.Core.Backup;

/// <summary>
/// One packer: takes new blobs from the shared queue, compresses and seals them into its own open pack (streamed to
/// the store as it fills), and hands full packs to <see cref="PackCommits"/>. Several packers run at once, so
/// compression and encryption use every core; each holds one open pack, so there are never more open packs than packers.
/// </summary>
internal sealed class Packer(BackupSet set, PackCommits commits)
{
    /// <summary>
    /// A pack of tiny blobs (a million 20-byte files fit in one 32 MiB pack) would hold its whole index, and its
    /// dedup claims, in memory until it fills; capping the count keeps both bounded (measured: 1M tiny files).
    /// </summary>
    internal const int MaxBlobsPerPack = 16 * 1024;

    public async Task RunAsync(ChannelReader<PendingBlob> blobs, CancellationToken cancellationToken)
    {
        PackWriter? writer = null;
        IPackUpload? upload = null;
        try
        {
            await foreach (var blob in blobs.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                using (blob)
                {
                    if (writer is null)
                    {
                        upload = await set.Store.BeginPackUploadAsync(cancellationToken).ConfigureAwait(false);
                        writer = set.CreatePackWriter(upload);
                    }

                    await writer.AddAsync(blob.Id, blob.Type, blob.Chunk.Memory, cancellationToken).ConfigureAwait(false);
                }

                if (writer.IsFull || writer.Count >= MaxBlobsPerPack)
                {
                    // FinishAsync owns the pair from here on, whatever happens.
                    var (full, fullUpload) = (writer, upload!);
                    (writer, upload) = (null, null);
                    await FinishAsync(full, fullUpload, cancellationToken).ConfigureAwait(false);
                }
            }

            if (writer is not null)
            {
                var (last, lastUpload) = (writer, upload!);
                (writer, upload) = (null, null);
                await FinishAsync(last, lastUpload, cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            // Only an unfinished pack is left here (cancel or failure): its bytes are discarded, never committed.
            writer?.Dispose();
            if (upload is not null)
            {
                await upload.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    private async ValueTask FinishAsync(PackWriter writer, IPackUpload upload, CancellationToken cancellationToken)
    {
        PackWriteResult pack;
        try
        {
            pack = await writer.FinishAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            writer.Dispose();
            await upload.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        writer.Dispose();
        await commits.StartAsync(upload, pack, cancellationToken).ConfigureAwait(false);
    }
}
