using RetroGrid.Core.Formats;
using RetroGrid.Core.Hashing;
using RetroGrid.Core.Index;
using RetroGrid.Core.Packs;
using RetroGrid.Core.Storage;

namespace RetroGrid.Core.Repository;

public sealed partial class BackupSet
{
    /// <summary>
    /// Repacking: copies the blobs <paramref name="ids"/> into new packs — each one read, authenticated and its id
    /// re-checked, then sealed anew — commits the packs and lists them in one new index file. The packs the blobs came
    /// from are left as they are: deleting them is the caller's decision. Returns the new packs.
    /// </summary>
    public async Task<IReadOnlyList<IndexFilePack>> RepackAsync(IEnumerable<BlobId> ids, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ids);
        var written = new List<IndexFilePack>();
        IPackUpload? upload = null;
        PackWriter? writer = null;
        try
        {
            foreach (var id in ids)
            {
                var (location, plaintext) = await ReadBlobCoreAsync(id, cancellationToken).ConfigureAwait(false);
                if (writer is null)
                {
                    upload = await Store.BeginPackUploadAsync(cancellationToken).ConfigureAwait(false);
                    writer = CreatePackWriter(upload);
                }

                await writer.AddAsync(id, location.Entry.Type, plaintext, cancellationToken).ConfigureAwait(false);
                if (writer.IsFull)
                {
                    written.Add(await FinishRepackedAsync(upload!, writer, cancellationToken).ConfigureAwait(false));
                    await CloseAsync().ConfigureAwait(false);
                }
            }

            if (writer is not null)
            {
                written.Add(await FinishRepackedAsync(upload!, writer, cancellationToken).ConfigureAwait(false));
            }
        }
        finally
        {
            await CloseAsync().ConfigureAwait(false);
        }

        if (written.Count > 0)
        {
            await WriteIndexFileAsync(cancellationToken).ConfigureAwait(false);
        }

        return written;

        async ValueTask CloseAsync()
        {
            writer?.Dispose();
            writer = null;
            if (upload is not null)
            {
                await upload.DisposeAsync().ConfigureAwait(false);
                upload = null;
            }
        }
    }

    /// <summary>Lists <paramref name="packs"/> in one new index file (packs that lost their index record and stay after all).</summary>
    public Task<string> WriteIndexFileAsync(IReadOnlyList<IndexFilePack> packs, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(packs);
        return packs.Count > 0
            ? IndexFiles.WriteAsync(Store, _keys, packs, cancellationToken)
            : throw new ArgumentException("An index file lists at least one pack.", nameof(packs));
    }

    private async Task<IndexFilePack> FinishRepackedAsync(IPackUpload upload, PackWriter writer, CancellationToken cancellationToken)
    {
        var pack = await writer.FinishAsync(cancellationToken).ConfigureAwait(false);
        var info = await CommitPackAsync(upload, pack, cancellationToken).ConfigureAwait(false);
        return new IndexFilePack { PackName = pack.Name, PackLength = pack.Length, Entries = pack.Entries, ContentHash = info.ContentHash };
    }
}
