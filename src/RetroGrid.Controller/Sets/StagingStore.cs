using System.Runtime.CompilerServices;
using RetroGrid.Controller.Catalog;
using RetroGrid.Core.Storage;

namespace RetroGrid.Controller.Sets;

/// <summary>
/// Collects the objects a new set starts with (key files, config) while the set has no Dropbox folder yet: the
/// controller creates the set when IT staff ask, and writes these at its first link. Holds nothing else: a new set
/// is empty, so every read finds nothing.
/// </summary>
internal sealed class StagingStore : IBackupStore
{
    private readonly List<StagedObject> _objects = [];

    public IReadOnlyList<StagedObject> Objects => _objects;

    public Task WriteAsync(BackupObjectKind kind, string name, ReadOnlyMemory<byte> content, CancellationToken cancellationToken)
    {
        _objects.Add(new StagedObject(kind, name, content.ToArray()));
        return Task.CompletedTask;
    }

    public Task<byte[]> ReadAsync(BackupObjectKind kind, string name, int maxLength, CancellationToken cancellationToken) =>
        Task.FromException<byte[]>(new FileNotFoundException($"{name} is not in a new set."));

    public Task<int> ReadRangeAsync(BackupObjectKind kind, string name, long offset, Memory<byte> destination, CancellationToken cancellationToken) =>
        Task.FromException<int>(new FileNotFoundException($"{name} is not in a new set."));

    public async IAsyncEnumerable<BackupObjectInfo> ListAsync(BackupObjectKind kind, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await Task.CompletedTask;
        foreach (var staged in _objects.Where(o => o.Kind == kind))
        {
            yield return new BackupObjectInfo(staged.Name, staged.Content.Length, null);
        }
    }

    public Task DeleteAsync(BackupObjectKind kind, string name, CancellationToken cancellationToken)
    {
        _objects.RemoveAll(o => o.Kind == kind && o.Name == name);
        return Task.CompletedTask;
    }

    public Task<IPackUpload> BeginPackUploadAsync(CancellationToken cancellationToken) =>
        Task.FromException<IPackUpload>(new InvalidOperationException("A set is not backed up into before its first link."));
}
