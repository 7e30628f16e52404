using RetroGrid.Core.Formats;

namespace RetroGrid.Core.Storage;

/// <summary>A pack streamed into a temporary file of a <see cref="LocalFolderStore"/>, renamed into place on completion.</summary>
internal sealed class LocalPackUpload : IPackUpload
{
    private readonly LocalFolderStore _store;
    private readonly string _tempPath;
    private FileStream? _stream;

    public LocalPackUpload(LocalFolderStore store, string tempPath, FileStream stream)
    {
        _store = store;
        _tempPath = tempPath;
        _stream = stream;
    }

    public long Length { get; private set; }

    public async ValueTask WriteAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        var stream = _stream ?? throw new InvalidOperationException("The pack upload is finished.");
        await stream.WriteAsync(data, cancellationToken).ConfigureAwait(false);
        Length += data.Length;
    }

    public async Task<BackupObjectInfo> CompleteAsync(string packName, IReadOnlyList<PackIndexEntry> entries, CancellationToken cancellationToken)
    {
        var target = _store.PathOf(BackupObjectKind.Pack, packName);
        var stream = _stream ?? throw new InvalidOperationException("The pack upload is finished.");
        await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
        LocalFolderStore.FlushToDisk(stream);
        await stream.DisposeAsync().ConfigureAwait(false);
        _stream = null;
        LocalFolderStore.Publish(_tempPath, target);
        return new BackupObjectInfo(packName, Length, null);
    }

    public async Task AbortAsync(CancellationToken cancellationToken)
    {
        if (_stream is { } stream)
        {
            _stream = null;
            await stream.DisposeAsync().ConfigureAwait(false);
        }

        File.Delete(_tempPath);
    }

    public async ValueTask DisposeAsync() => await AbortAsync(CancellationToken.None).ConfigureAwait(false);
}
