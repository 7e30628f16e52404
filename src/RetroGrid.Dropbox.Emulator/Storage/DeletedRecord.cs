namespace RetroGrid.Dropbox.Emulator.Storage;

/// <summary>A path whose item was deleted (for <c>include_deleted</c> and <c>list_revisions.is_deleted</c>).</summary>
internal sealed class DeletedRecord
{
    public string PathDisplay { get; set; } = "";

    public bool IsFolder { get; set; }

    public DateTimeOffset ServerDeleted { get; set; }
}
