namespace RetroGrid.Core.Storage;

/// <summary>
/// Where a backup set's objects live (a local folder, a Dropbox folder). Objects are immutable once written: their
/// names derive from their content or are random, so writing the same name twice writes the same bytes.
/// A missing object is reported as <see cref="FileNotFoundException"/>.
/// </summary>
public interface IBackupStore
{
    /// <summary>Writes a small object (config, key, index file, snapshot) atomically.</summary>
    Task WriteAsync(BackupObjectKind kind, string name, ReadOnlyMemory<byte> content, CancellationToken cancellationToken);

    /// <summary>Reads a whole object of at most <paramref name="maxLength"/> bytes (larger → <see cref="InvalidDataException"/>).</summary>
    Task<byte[]> ReadAsync(BackupObjectKind kind, string name, int maxLength, CancellationToken cancellationToken);

    /// <summary>
    /// Reads up to <paramref name="destination"/>'s length from <paramref name="offset"/> into it and returns how many
    /// bytes were read; fewer only at the end of the object. The caller owns the buffer, so ranges can come from a pool.
    /// </summary>
    Task<int> ReadRangeAsync(BackupObjectKind kind, string name, long offset, Memory<byte> destination, CancellationToken cancellationToken);

    IAsyncEnumerable<BackupObjectInfo> ListAsync(BackupObjectKind kind, CancellationToken cancellationToken);

    /// <summary>Deletes an object; deleting a missing object is not an error.</summary>
    Task DeleteAsync(BackupObjectKind kind, string name, CancellationToken cancellationToken);

    /// <summary>Starts streaming a new pack whose name is known only at the end (it is the hash of its bytes).</summary>
    Task<IPackUpload> BeginPackUploadAsync(CancellationToken cancellationToken);
}
