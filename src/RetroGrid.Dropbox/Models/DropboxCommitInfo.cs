namespace RetroGrid.Dropbox;

/// <summary>Dropbox <c>CommitInfo</c>: where and how an upload is committed.</summary>
/// <param name="Path">The destination path (<c>/…</c>, <c>ns:…</c> or <c>id:…</c>).</param>
public sealed record DropboxCommitInfo(string Path)
{
    public DropboxWriteMode Mode { get; init; } = DropboxWriteMode.Add;

    public bool Autorename { get; init; }

    public DateTimeOffset? ClientModified { get; init; }

    public bool Mute { get; init; }

    public bool StrictConflict { get; init; }
}
