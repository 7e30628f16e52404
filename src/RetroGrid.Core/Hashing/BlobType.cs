namespace RetroGrid.Core.Hashing;

/// <summary>What a blob holds. Bound into each blob's encryption, so a data blob cannot be passed off as a tree.</summary>
public enum BlobType : byte
{
    /// <summary>Never valid: a zero byte read from a damaged index must not decode as a real type.</summary>
    Unspecified = 0,

    /// <summary>A chunk of file content.</summary>
    Data = 1,

    /// <summary>A directory tree (MessagePack).</summary>
    Tree = 2,
}
