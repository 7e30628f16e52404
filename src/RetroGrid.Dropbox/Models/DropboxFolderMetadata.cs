namespace RetroGrid.Dropbox;

/// <summary>Dropbox <c>FolderMetadata</c>.</summary>
public sealed record DropboxFolderMetadata : DropboxMetadata
{
    public string Id { get; init; } = string.Empty;
}
