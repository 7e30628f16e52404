namespace RetroGrid.Dropbox;

/// <summary>Dropbox <c>DeletedMetadata</c> (listings with <c>include_deleted</c>).</summary>
public sealed record DropboxDeletedMetadata : DropboxMetadata
{
    public bool? IsRestorable { get; init; }
}
