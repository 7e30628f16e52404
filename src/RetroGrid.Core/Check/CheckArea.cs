namespace RetroGrid.Core.Check;

/// <summary>Which part of a check found a problem.</summary>
public enum CheckArea
{
    /// <summary>Snapshots and trees: every referenced tree and blob is readable and indexed.</summary>
    Structure,

    /// <summary>Packs and index files as listed by the store: present, with the recorded sizes, readable indexes.</summary>
    Storage,

    /// <summary>Pack contents: every blob authenticates and re-hashes; the pack's bytes hash to its name.</summary>
    Data,
}
