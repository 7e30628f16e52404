namespace RetroGrid.Core.Storage;

/// <summary>The kinds of object in a backup set (DESIGN §2), each in its own folder of the set.</summary>
public enum BackupObjectKind
{
    /// <summary>The one <c>config</c> object (its name is always <c>config</c>).</summary>
    Config,

    /// <summary><c>keys/&lt;id&gt;</c>: the master key wrapped by a passphrase or a key-encryption key.</summary>
    Key,

    /// <summary><c>packs/&lt;xx&gt;/&lt;id&gt;</c>, fanned out by the first two hex digits.</summary>
    Pack,

    /// <summary><c>index/&lt;id&gt;</c>.</summary>
    Index,

    /// <summary><c>snapshots/&lt;id&gt;</c>.</summary>
    Snapshot,
}
