using RetroGrid.Core.Formats;
using RetroGrid.Core.Storage;

namespace RetroGrid.Controller.Dedup;

/// <summary>
/// An agent's finished object in a closed upload session, checked and ready for the commit coordinator: a pack, or a
/// backup's index file or snapshot.
/// </summary>
/// <param name="Kind">Pack, index file or snapshot: the folder it goes to.</param>
/// <param name="Name">Its name (for a pack, the SHA-256 of its bytes, 64 lower-case hex digits).</param>
/// <param name="UploadSessionId">The closed Dropbox upload session holding its bytes.</param>
/// <param name="Length">Its length in bytes (the session's final offset).</param>
/// <param name="ContentHash">The Dropbox content_hash of the bytes the agent sent; null when it could not compute it.</param>
/// <param name="Entries">A pack's blobs, indexed for dedup once it is committed; empty for other objects.</param>
internal sealed record PackToCommit(BackupObjectKind Kind, string Name, string UploadSessionId, long Length, string? ContentHash, IReadOnlyList<PackIndexEntry> Entries);
