using RetroGrid.Core.Formats;
using RetroGrid.Dropbox;

namespace RetroGrid.Core.Storage;

/// <summary>
/// A finished object in a closed Dropbox upload session, waiting to be committed under its name: a pack, or (when the
/// store sends every write through its committer) an index file or a snapshot.
/// </summary>
/// <param name="PackName">The object's name (hex).</param>
/// <param name="Session">The closed session and where its bytes go; the expected content hash when known.</param>
/// <param name="Entries">A pack's blobs, so a committer that keeps an index (the controller's) needs no download; empty for other objects.</param>
public sealed record PackCommit(string PackName, DropboxFinishBatchEntry Session, IReadOnlyList<PackIndexEntry> Entries)
{
    /// <summary>What is committed: <see cref="BackupObjectKind.Pack"/> unless the store routes other writes here.</summary>
    public BackupObjectKind Kind { get; init; } = BackupObjectKind.Pack;
}
