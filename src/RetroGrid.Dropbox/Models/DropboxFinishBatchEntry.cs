namespace RetroGrid.Dropbox;

/// <summary>One closed upload session to commit with <c>upload_session/finish_batch_v2</c>.</summary>
/// <param name="Cursor">The closed session and its total length.</param>
/// <param name="Commit">Where to commit it.</param>
/// <param name="ExpectedContentHash">The whole file's content hash when known. Not sent: used to re-check a commit
/// whose response was lost (a retried batch then reports the session as gone).</param>
public sealed record DropboxFinishBatchEntry(DropboxUploadSessionCursor Cursor, DropboxCommitInfo Commit, string? ExpectedContentHash = null);
