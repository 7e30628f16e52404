namespace RetroGrid.Dropbox;

/// <summary>Dropbox <c>Metadata</c>: a file, folder or deleted entry (told apart by <c>.tag</c> where the declared type is Metadata).</summary>
public abstract record DropboxMetadata
{
    /// <summary>The last path component.</summary>
    public string Name { get; init; } = string.Empty;

    /// <summary>The lower-cased path; Dropbox's canonical key.</summary>
    public string? PathLower { get; init; }

    /// <summary>The path with display casing.</summary>
    public string? PathDisplay { get; init; }
}
