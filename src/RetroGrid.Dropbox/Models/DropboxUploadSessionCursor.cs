namespace RetroGrid.Dropbox;

/// <summary>Dropbox <c>UploadSessionCursor</c>: the session and the number of bytes it has received.</summary>
public sealed record DropboxUploadSessionCursor(string SessionId, long Offset);
