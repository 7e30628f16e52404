using System.Runtime.CompilerServices;
using RetroGrid.Dropbox;

namespace RetroGrid.Core.Storage;

/// <summary>
/// A backup set in a Dropbox folder. Small objects go up with one <c>files/upload</c> each (add mode: an object is
/// never silently replaced by different bytes); packs stream into upload sessions and are committed by an
/// <see cref="IPackCommitter"/>; blobs come back through ranged downloads. Listings carry Dropbox's content hash, so
/// packs can be checked server-side without downloading them.
/// </summary>
public sealed class DropboxStore : IBackupStore, IAsyncDisposable
{
    private readonly DropboxClient _client;
    private readonly IPackCommitter _committer;
    private readonly string _root;
    private readonly FinishBatchPackCommitter? _ownedCommitter;
    private readonly bool _commitEveryWrite;

    /// <param name="client">The client for the set's Dropbox account.</param>
    /// <param name="setFolder">The set's folder, e.g. <c>/RetroGrid/office</c>.</param>
    /// <param name="committer">Commits packs; by default a <see cref="FinishBatchPackCommitter"/> on the same client.</param>
    /// <param name="commitEveryWrite">
    /// Index files and snapshots go through <paramref name="committer"/> too, rather than a <c>files/upload</c> each: for
    /// a committer that serialises every commit into the account (the controller's), so that no write of this store
    /// competes with it for Dropbox's namespace lock.
    /// </param>
    public DropboxStore(DropboxClient client, string setFolder, IPackCommitter? committer = null, bool commitEveryWrite = false)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentException.ThrowIfNullOrEmpty(setFolder);
        if (!setFolder.StartsWith('/') || setFolder.Contains("//", StringComparison.Ordinal))
        {
            throw new ArgumentException("The set folder is an absolute Dropbox path such as /RetroGrid/office.", nameof(setFolder));
        }

        _client = client;
        _root = setFolder.TrimEnd('/');
        _committer = committer ?? (_ownedCommitter = new FinishBatchPackCommitter(client));
        _commitEveryWrite = commitEveryWrite;
    }

    public IPackCommitter Committer => _committer;

    /// <summary>Commits what the store's own committer still holds; a committer passed in belongs to the caller.</summary>
    public ValueTask DisposeAsync() => _ownedCommitter?.DisposeAsync() ?? ValueTask.CompletedTask;

    public Task WriteAsync(BackupObjectKind kind, string name, ReadOnlyMemory<byte> content, CancellationToken cancellationToken)
    {
        var commit = new DropboxCommitInfo(PathOf(kind, name)) { Mode = DropboxWriteMode.Add };
        if (_commitEveryWrite && kind is BackupObjectKind.Index or BackupObjectKind.Snapshot)
        {
            return WriteThroughCommitterAsync(kind, name, content, commit, cancellationToken);
        }

        return content.Length <= _client.Options.UploadChunkSize
            ? _client.UploadFileAsync(content, commit, cancellationToken)
            : _client.UploadAsync(new MemoryStream(content.ToArray(), writable: false), commit, cancellationToken);
    }

    public async Task<byte[]> ReadAsync(BackupObjectKind kind, string name, int maxLength, CancellationToken cancellationToken)
    {
        var path = PathOf(kind, name);
        var download = await DownloadAsync(path, null, cancellationToken).ConfigureAwait(false);
        await using (download.ConfigureAwait(false))
        {
            if (download.Metadata.Size > maxLength)
            {
                throw new InvalidDataException($"{path} is {download.Metadata.Size} bytes, over the {maxLength}-byte limit.");
            }

            var bytes = new byte[download.Metadata.Size];
            await download.Content.ReadExactlyAsync(bytes, cancellationToken).ConfigureAwait(false);

            // Reading to the end lets the client verify the whole file's content hash.
            if (await download.Content.ReadAsync(new byte[1], cancellationToken).ConfigureAwait(false) != 0)
            {
                throw new InvalidDataException($"{path} is longer than its metadata says.");
            }

            return bytes;
        }
    }

    public async Task<int> ReadRangeAsync(BackupObjectKind kind, string name, long offset, Memory<byte> destination, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        var length = destination.Length;
        if (length == 0)
        {
            return 0;
        }

        DropboxDownload download;
        try
        {
            download = await DownloadAsync(PathOf(kind, name), DropboxByteRange.Between(offset, offset + length - 1), cancellationToken).ConfigureAwait(false);
        }
        catch (DropboxApiException ex) when (ex.StatusCode == System.Net.HttpStatusCode.RequestedRangeNotSatisfiable)
        {
            return 0; // the range starts at or after the end of the object
        }

        await using (download.ConfigureAwait(false))
        {
            if (!download.IsPartial && offset > 0)
            {
                // A server that ignores Range sends the whole file; skip to the requested bytes.
                await SkipAsync(download.Content, offset, cancellationToken).ConfigureAwait(false);
            }

            return await download.Content.ReadAtLeastAsync(destination, length, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
        }
    }

    public async IAsyncEnumerable<BackupObjectInfo> ListAsync(BackupObjectKind kind, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var folder = kind == BackupObjectKind.Config ? _root : $"{_root}/{BackupObjectNames.FolderOf(kind)}";
        var entries = _client.ListFolderAllAsync(folder, recursive: kind == BackupObjectKind.Pack, cancellationToken: cancellationToken)
            .GetAsyncEnumerator(cancellationToken);
        await using (entries.ConfigureAwait(false))
        {
            while (await MoveNextOrMissingAsync(entries).ConfigureAwait(false))
            {
                if (entries.Current is DropboxFileMetadata file && IsListed(kind, file))
                {
                    yield return new BackupObjectInfo(file.Name, file.Size, file.ContentHash);
                }
            }
        }
    }

    public async Task DeleteAsync(BackupObjectKind kind, string name, CancellationToken cancellationToken)
    {
        try
        {
            await _client.DeleteAsync(PathOf(kind, name), cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (DropboxApiException ex) when (IsNotFound(ex))
        {
            // Already gone: deleting is idempotent.
        }
    }

    public Task<IPackUpload> BeginPackUploadAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult<IPackUpload>(new DropboxPackUpload(_client, _committer, name => PathOf(BackupObjectKind.Pack, name)));
    }

    private async Task WriteThroughCommitterAsync(
        BackupObjectKind kind, string name, ReadOnlyMemory<byte> content, DropboxCommitInfo commit, CancellationToken cancellationToken)
    {
        var session = await _client.StartUploadSessionAsync(cancellationToken).ConfigureAwait(false);
        await session.CloseAsync(content, cancellationToken).ConfigureAwait(false);
        var entry = new DropboxFinishBatchEntry(session.Cursor, commit, session.ContentHash);
        var metadata = await _committer.CommitAsync(new PackCommit(name, entry, []) { Kind = kind }, cancellationToken).ConfigureAwait(false);
        if (metadata.Size != content.Length)
        {
            throw new IOException($"Dropbox committed {commit.Path} with {metadata.Size} bytes, but {content.Length} were sent.");
        }
    }

    internal string PathOf(BackupObjectKind kind, string name) => $"{_root}/{BackupObjectNames.RelativePath(kind, name)}";

    private static bool IsNotFound(DropboxApiException ex) =>
        ex.HasTag("path/not_found") || ex.HasTag("path_lookup/not_found") || ex.Code == RetroGridErrorCodes.NotFound;

    private static async ValueTask<bool> MoveNextOrMissingAsync(IAsyncEnumerator<DropboxMetadata> entries)
    {
        try
        {
            return await entries.MoveNextAsync().ConfigureAwait(false);
        }
        catch (DropboxApiException ex) when (IsNotFound(ex))
        {
            return false; // the folder does not exist yet: nothing of this kind was written
        }
    }

    private static async Task SkipAsync(Stream stream, long count, CancellationToken cancellationToken)
    {
        var scratch = new byte[64 * 1024];
        while (count > 0)
        {
            var read = await stream.ReadAsync(scratch.AsMemory(0, (int)Math.Min(scratch.Length, count)), cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                return;
            }

            count -= read;
        }
    }

    private bool IsListed(BackupObjectKind kind, DropboxFileMetadata file) =>
        kind == BackupObjectKind.Config
            ? file.Name == BackupObjectNames.ConfigName
            : BackupObjectNames.IsValidName(file.Name)
                && string.Equals(file.PathLower, PathOf(kind, file.Name), StringComparison.OrdinalIgnoreCase);

    private async Task<DropboxDownload> DownloadAsync(string path, DropboxByteRange? range, CancellationToken cancellationToken)
    {
        try
        {
            return await _client.DownloadAsync(path, range, cancellationToken).ConfigureAwait(false);
        }
        catch (DropboxApiException ex) when (IsNotFound(ex))
        {
            throw new FileNotFoundException($"{path} is not in the Dropbox folder.", path, ex);
        }
    }
}
