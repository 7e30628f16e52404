using RetroGrid.Core.Formats;
using RetroGrid.Core.Storage;
using RetroGrid.Core.Tests.Storage;
using RetroGrid.Dropbox;

namespace RetroGrid.Core.Check.Tests;

/// <summary>Reports each completed pack's Dropbox content hash, as the Dropbox store does, over a local store that has none.</summary>
internal sealed class ContentHashingStore(IBackupStore inner) : DelegatingBackupStore(inner)
{
    public override async Task<IPackUpload> BeginPackUploadAsync(CancellationToken cancellationToken) =>
        new HashingUpload(await Inner.BeginPackUploadAsync(cancellationToken));

    private sealed class HashingUpload(IPackUpload inner) : IPackUpload
    {
        private readonly DropboxContentHasher _hasher = new();

        public long Length => inner.Length;

        public ValueTask WriteAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
        {
            _hasher.Append(data.Span);
            return inner.WriteAsync(data, cancellationToken);
        }

        public async Task<BackupObjectInfo> CompleteAsync(string packName, IReadOnlyList<PackIndexEntry> entries, CancellationToken cancellationToken) =>
            await inner.CompleteAsync(packName, entries, cancellationToken) with { ContentHash = _hasher.GetHashAndReset() };

        public Task AbortAsync(CancellationToken cancellationToken) => inner.AbortAsync(cancellationToken);

        public ValueTask DisposeAsync()
        {
            _hasher.Dispose();
            return inner.DisposeAsync();
        }
    }
}
