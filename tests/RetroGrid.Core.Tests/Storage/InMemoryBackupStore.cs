using RetroGrid.Core.Formats;
using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using RetroGrid.Core.Storage;
using RetroGrid.Dropbox;

namespace RetroGrid.Core.Tests.Storage;

/// <summary>A store in a dictionary, for fast pack, index and fuzz tests. Exposes its objects for tampering.</summary>
internal sealed class InMemoryBackupStore : IBackupStore
{
    public ConcurrentDictionary<string, byte[]> Objects { get; } = new(StringComparer.Ordinal);

    public static string Key(BackupObjectKind kind, string name) => BackupObjectNames.RelativePath(kind, name);

    public Task WriteAsync(BackupObjectKind kind, string name, ReadOnlyMemory<byte> content, CancellationToken cancellationToken)
    {
        Objects[Key(kind, name)] = content.ToArray();
        return Task.CompletedTask;
    }

    public Task<byte[]> ReadAsync(BackupObjectKind kind, string name, int maxLength, CancellationToken cancellationToken)
    {
        var bytes = Get(kind, name);
        return bytes.Length <= maxLength ? Task.FromResult(bytes.ToArray()) : throw new InvalidDataException("too large");
    }

    public Task<int> ReadRangeAsync(BackupObjectKind kind, string name, long offset, Memory<byte> destination, CancellationToken cancellationToken)
    {
        var bytes = Get(kind, name);
        var start = (int)Math.Min(offset, bytes.Length);
        var length = Math.Min(destination.Length, bytes.Length - start);
        bytes.AsSpan(start, length).CopyTo(destination.Span);
        return Task.FromResult(length);
    }

    public async IAsyncEnumerable<BackupObjectInfo> ListAsync(BackupObjectKind kind, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await Task.CompletedTask;
        var prefix = kind == BackupObjectKind.Config ? BackupObjectNames.ConfigName : BackupObjectNames.FolderOf(kind) + "/";
        foreach (var (key, value) in Objects.OrderBy(o => o.Key, StringComparer.Ordinal))
        {
            if (key.StartsWith(prefix, StringComparison.Ordinal))
            {
                yield return new BackupObjectInfo(key[(key.LastIndexOf('/') + 1)..], value.Length, DropboxContentHasher.Compute(value));
            }
        }
    }

    public Task DeleteAsync(BackupObjectKind kind, string name, CancellationToken cancellationToken)
    {
        Objects.TryRemove(Key(kind, name), out _);
        return Task.CompletedTask;
    }

    public Task<IPackUpload> BeginPackUploadAsync(CancellationToken cancellationToken) => Task.FromResult<IPackUpload>(new Upload(this));

    private byte[] Get(BackupObjectKind kind, string name) =>
        Objects.TryGetValue(Key(kind, name), out var bytes) ? bytes : throw new FileNotFoundException(Key(kind, name));

    private sealed class Upload(InMemoryBackupStore store) : IPackUpload
    {
        private readonly MemoryStream _buffer = new();

        public long Length => _buffer.Length;

        public ValueTask WriteAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
        {
            _buffer.Write(data.Span);
            return ValueTask.CompletedTask;
        }

        public Task<BackupObjectInfo> CompleteAsync(string packName, IReadOnlyList<PackIndexEntry> entries, CancellationToken cancellationToken)
        {
            var bytes = _buffer.ToArray();
            store.Objects[Key(BackupObjectKind.Pack, packName)] = bytes;
            return Task.FromResult(new BackupObjectInfo(packName, bytes.Length, DropboxContentHasher.Compute(bytes)));
        }

        public Task AbortAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
