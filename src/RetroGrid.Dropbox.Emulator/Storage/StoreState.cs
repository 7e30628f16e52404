namespace RetroGrid.Dropbox.Emulator.Storage;

/// <summary>The namespace's metadata, persisted as files.json. Contents live in the blob store.</summary>
internal sealed class StoreState
{
    /// <summary>Changes on reset so that old list_folder cursors answer <c>reset</c>.</summary>
    public string Epoch { get; set; } = "";

    public long NextSeq { get; set; } = 1;

    public long NextRev { get; set; } = 1;

    public long NextId { get; set; } = 1;

    public Dictionary<string, NodeRecord> Nodes { get; set; } = new(StringComparer.Ordinal);

    public Dictionary<string, RevisionRecord> Revisions { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Revisions per lower-cased path, oldest first.</summary>
    public Dictionary<string, List<string>> History { get; set; } = new(StringComparer.Ordinal);

    public Dictionary<string, DeletedRecord> Deleted { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Change log for list_folder/continue: sequence number → lower-cased path, ascending.</summary>
    public List<ChangeRecord> Changes { get; set; } = [];
}
