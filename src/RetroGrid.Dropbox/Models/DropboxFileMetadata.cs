namespace RetroGrid.Dropbox;

/// <summary>Dropbox <c>FileMetadata</c>.</summary>
public sealed record DropboxFileMetadata : DropboxMetadata
{
    public string Id { get; init; } = string.Empty;

    public DateTimeOffset ClientModified { get; init; }

    public DateTimeOffset ServerModified { get; init; }

    public string Rev { get; init; } = string.Empty;

    public long Size { get; init; }

    /// <summary>The Dropbox content hash of the whole file (lower-case hex), see <see cref="DropboxContentHasher"/>.</summary>
    public string? ContentHash { get; init; }

    public bool IsDownloadable { get; init; } = true;

    public bool? IsRestorable { get; init; }
}
