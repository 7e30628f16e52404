using RetroGrid.Core.Storage;

namespace RetroGrid.Core.Tests.Storage;

/// <summary>Passes every call to an inner store; test decorators override only what they observe or change.</summary>
internal abstract class DelegatingBackupStore(IBackupStore inner) : IBackupStore
{
    protected IBackupStore Inner => inner;

    public virtual Task WriteAsync(BackupObjectKind kind, string name, ReadOnlyMemory<byte> content, CancellationToken cancellationToken) =>
        inner.WriteAsync(kind, name, content, cancellationToken);

    public virtual Task<byte[]> ReadAsync(BackupObjectKind kind, string name, int maxLength, CancellationToken cancellationToken) =>
        inner.ReadAsync(kind, name, maxLength, cancellationToken);

    public virtual Task<int> ReadRangeAsync(BackupObjectKind kind, string name, long offset, Memory<byte> destination, CancellationToken cancellationToken) =>
        inner.ReadRangeAsync(kind, name, offset, destination, cancellationToken);

    public virtual IAsyncEnumerable<BackupObjectInfo> ListAsync(BackupObjectKind kind, CancellationToken cancellationToken) =>
        inner.ListAsync(kind, cancellationToken);

    public virtual Task DeleteAsync(BackupObjectKind kind, string name, CancellationToken cancellationToken) =>
        inner.DeleteAsync(kind, name, cancellationToken);

    public virtual Task<IPackUpload> BeginPackUploadAsync(CancellationToken cancellationToken) => inner.BeginPackUploadAsync(cancellationToken);
}
