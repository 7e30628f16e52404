namespace RetroGrid.Dropbox.Emulator.Storage;

/// <summary>A file or folder that currently exists, keyed by its lower-cased path in <see cref="StoreState.Nodes"/>.</summary>
internal sealed class NodeRecord
{
    public string Id { get; set; } = "";

    public string PathDisplay { get; set; } = "";

    public bool IsFolder { get; set; }

    public string? Rev { get; set; }

    public long Size { get; set; }

    public string? ContentHash { get; set; }

    public DateTimeOffset ClientModified { get; set; }

    public DateTimeOffset ServerModified { get; set; }
}
