namespace RetroGrid.Dropbox;

// Wire-only argument and result shapes. Kept together because each is a one-line record mirroring a Stone struct;
// the public API never exposes them. (One file on purpose: STYLE.md allows the better design over the one-type rule.)
internal sealed record UploadArg(
    string Path, DropboxWriteMode Mode, bool Autorename, DateTimeOffset? ClientModified, bool Mute, bool StrictConflict, string? ContentHash);

internal sealed record UploadSessionStartArg(bool Close, string? ContentHash);

internal sealed record UploadSessionStartResult(string SessionId);

internal sealed record UploadSessionAppendArg(DropboxUploadSessionCursor Cursor, bool Close, string? ContentHash);

internal sealed record UploadSessionFinishArg(DropboxUploadSessionCursor Cursor, DropboxCommitInfo Commit, string? ContentHash);

internal sealed record UploadSessionFinishBatchArg(IReadOnlyList<UploadSessionFinishArg> Entries);

internal sealed record ListFolderArg(string Path, bool Recursive, bool IncludeDeleted, int? Limit);

internal sealed record ListFolderContinueArg(string Cursor);

internal sealed record GetMetadataArg(string Path, bool IncludeDeleted);

internal sealed record DeleteArg(string Path, string? ParentRev);

internal sealed record DeleteBatchArg(IReadOnlyList<DeleteArg> Entries);

internal sealed record AsyncJobIdArg(string AsyncJobId);

internal sealed record CreateFolderArg(string Path, bool Autorename);

internal sealed record MetadataResult(DropboxMetadata Metadata);

internal sealed record FolderMetadataResult(DropboxFolderMetadata Metadata);

internal sealed record ListRevisionsArg(string Path, int Limit);

internal sealed record RestoreArg(string Path, string Rev);

internal sealed record CheckUserArg(string Query);

internal sealed record CheckUserResult(string Result);

internal sealed record DownloadArg(string Path);

internal sealed record TokenResponse(
    string? AccessToken, string? TokenType, long? ExpiresIn, string? RefreshToken, string? Scope, string? Uid, string? AccountId, string? TeamId);
