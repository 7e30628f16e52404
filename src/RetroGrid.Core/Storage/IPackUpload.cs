using RetroGrid.Core.Formats;
using RetroGrid.Core.Packs;

namespace RetroGrid.Core.Storage;

/// <summary>
/// A pack being streamed into a store. Nothing is visible under the pack's name until <see cref="CompleteAsync"/>
/// commits it; <see cref="AbortAsync"/> (or disposing without completing) discards the bytes.
/// </summary>
public interface IPackUpload : IPackSink, IAsyncDisposable
{
    /// <summary>Bytes written so far.</summary>
    long Length { get; }

    /// <summary>
    /// Commits the bytes as <c>packs/&lt;xx&gt;/&lt;packName&gt;</c> and returns what the store recorded. The pack's
    /// <paramref name="entries"/> go along for a committer that indexes what it commits.
    /// </summary>
    Task<BackupObjectInfo> CompleteAsync(string packName, IReadOnlyList<PackIndexEntry> entries, CancellationToken cancellationToken);

    Task AbortAsync(CancellationToken cancellationToken);
}
