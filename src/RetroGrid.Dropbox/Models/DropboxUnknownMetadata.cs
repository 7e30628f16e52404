namespace RetroGrid.Dropbox;

/// <summary>A metadata entry whose <c>.tag</c> this client does not know; kept so that listings never fail on new kinds.</summary>
public sealed record DropboxUnknownMetadata : DropboxMetadata
{
    public string Tag { get; init; } = string.Empty;
}
