namespace RetroGrid.Dropbox.Emulator.Storage;

/// <summary>Something changed at <see cref="PathLower"/> (added, modified or deleted) at sequence <see cref="Seq"/>.</summary>
internal sealed class ChangeRecord
{
    public long Seq { get; set; }

    public string PathLower { get; set; } = "";
}
