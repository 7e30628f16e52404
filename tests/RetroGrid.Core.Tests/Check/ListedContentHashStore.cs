using System.Runtime.CompilerServices;
using RetroGrid.Core.Storage;

namespace RetroGrid.Core.Check.Tests;

/// <summary>A store whose listing reports a content hash per pack, as Dropbox's does; everything else passes through.</summary>
internal sealed class ListedContentHashStore(IBackupStore inner, Func<BackupObjectInfo, string> contentHash) : IBackupStore
{
    public Task WriteAsync(BackupObjectKind kind, string name, ReadOnlyMemory<byte> content, CancellationToken cancellationToken) =>
        inner.WriteAsync(kind, name, content, cancellationToken);

    public Task<byte[]> ReadAsync(BackupObjectKind kind, string name, int maxLength, CancellationToken cancellationToken) =>
        inner.ReadAsync(kind, name, maxLength, cancellationToken);

    public Task<byte[]> ReadRangeAsync(BackupObjectKind kind, string name, long offset, int length, CancellationToken cancellationToken) =>
        inner.ReadRangeAsync(kind, name, offset, length, cancellationToken);

    public async IAsyncEnumerable<BackupObjectInfo> ListAsync(BackupObjectKind kind, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var info in inner.ListAsync(kind, cancellationToken))
        {
            yield return kind == BackupObjectKind.Pack ? info with { ContentHash = contentHash(info) } : info;
        }
    }

    public Task DeleteAsync(BackupObjectKind kind, string name, CancellationToken cancellationToken) => inner.DeleteAsync(kind, name, cancellationToken);

    public Task<IPackUpload> BeginPackUploadAsync(CancellationToken cancellationToken) => inner.BeginPackUploadAsync(cancellationToken);
}
