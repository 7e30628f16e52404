namespace RetroGrid.Core.Restore;

/// <summary>What a restore does when an entry already exists at the target.</summary>
public enum ExistingFilePolicy
{
    /// <summary>Leave an existing file that already holds the snapshot's content (same size, mtime and chunk ids); replace any other.</summary>
    SkipIdentical,

    /// <summary>Always replace the existing entry (files are replaced atomically by rename).</summary>
    Overwrite,

    /// <summary>Keep the existing entry and restore next to it as <c>name (restored)</c>, <c>name (restored 2)</c>…; identical files are skipped.</summary>
    KeepBoth,
}
