namespace RetroGrid.Dropbox.Emulator.Storage;

/// <summary>One committed version of a file; its content is the blob named by <see cref="ContentHash"/>.</summary>
internal sealed class RevisionRecord
{
    public string Rev { get; set; } = "";

    public string Id { get; set; } = "";

    public string PathLower { get; set; } = "";

    public string PathDisplay { get; set; } = "";

    public long Size { get; set; }

    public string ContentHash { get; set; } = "";

    public DateTimeOffset ClientModified { get; set; }

    public DateTimeOffset ServerModified { get; set; }
}
