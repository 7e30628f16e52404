namespace RetroGrid.Dropbox;

/// <summary>The result of <c>files/list_revisions</c>.</summary>
public sealed record DropboxRevisions
{
    public bool IsDeleted { get; init; }

    public DateTimeOffset? ServerDeleted { get; init; }

    public IReadOnlyList<DropboxFileMetadata> Entries { get; init; } = [];
}
