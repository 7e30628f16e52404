namespace RetroGrid.Core.Formats;

/// <summary>What a tree node is.</summary>
public enum NodeKind : byte
{
    /// <summary>Never valid, so a zeroed or damaged field does not decode as a file.</summary>
    Unspecified = 0,
    File = 1,
    Directory = 2,
    Symlink = 3,

    /// <summary>Devices, FIFOs, sockets: recorded with their metadata, no content.</summary>
    Other = 4,
}
