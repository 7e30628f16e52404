namespace RetroGrid.Dropbox;

/// <summary>One page of <c>files/list_folder</c> or <c>files/list_folder/continue</c>.</summary>
public sealed record DropboxListFolderResult
{
    public IReadOnlyList<DropboxMetadata> Entries { get; init; } = [];

    public string Cursor { get; init; } = string.Empty;

    public bool HasMore { get; init; }
}
