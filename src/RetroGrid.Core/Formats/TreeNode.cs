using MessagePack;
using MessagePack.Formatters;
using RetroGrid.Core.Hashing;

namespace RetroGrid.Core.Formats;

/// <summary>One entry of a directory: a file, a subdirectory, a symlink or another special file, with its metadata.</summary>
[MessagePackObject]
public sealed record TreeNode
{
    [Key(0)]
    public string Name { get; init; } = string.Empty;

    [Key(1)]
    public NodeKind Kind { get; init; }

    [Key(2)]
    public long Size { get; init; }

    /// <summary>POSIX mode bits including the file type bits (0 where the platform has none).</summary>
    [Key(3)]
    public uint Mode { get; init; }

    [Key(4)]
    public uint Uid { get; init; }

    [Key(5)]
    public uint Gid { get; init; }

    /// <summary>Interned when decoded: a tree holds the same few names thousands of times (same bytes on disk).</summary>
    [Key(6)]
    [MessagePackFormatter(typeof(StringInterningFormatter))]
    public string? UserName { get; init; }

    /// <summary>Interned when decoded, as <see cref="UserName"/>.</summary>
    [Key(7)]
    [MessagePackFormatter(typeof(StringInterningFormatter))]
    public string? GroupName { get; init; }

    [Key(8)]
    public long MtimeUnixNs { get; init; }

    [Key(9)]
    public long CtimeUnixNs { get; init; }

    /// <summary>Inode (or Windows file id): with size, mtime and ctime it decides whether a file must be read again.</summary>
    [Key(10)]
    public ulong Inode { get; init; }

    [Key(11)]
    public ulong Device { get; init; }

    /// <summary>The file's content as blob ids in order; empty for an empty file, null for non-files.</summary>
    [Key(12)]
    public IReadOnlyList<BlobId>? Content { get; init; }

    /// <summary>The id of the directory's own tree blob; null for non-directories.</summary>
    [Key(13)]
    public BlobId? Subtree { get; init; }

    [Key(14)]
    public string? LinkTarget { get; init; }

    /// <summary>Sorted by name (ordinal), names unique.</summary>
    [Key(15)]
    public IReadOnlyList<Xattr>? Xattrs { get; init; }

    internal string? FindProblem()
    {
        if (string.IsNullOrEmpty(Name) || Name is "." or ".." || Name.Contains('/', StringComparison.Ordinal) || Name.Contains('\0', StringComparison.Ordinal))
        {
            return "a node has an empty, dot or path-like name.";
        }

        var problem = Kind switch
        {
            NodeKind.File when Content is null || Size < 0 => "is a file without a valid content list",
            NodeKind.Directory when Subtree is null => "is a directory without a subtree",
            NodeKind.Symlink when LinkTarget is null => "is a symlink without a target",
            NodeKind.File or NodeKind.Directory or NodeKind.Symlink or NodeKind.Other => null,
            _ => $"has unknown kind {(int)Kind}",
        };
        return problem is not null ? $"node '{Name}' {problem}." : FindAttributeProblem();
    }

    private string? FindAttributeProblem()
    {
        if (Xattrs is null)
        {
            return null;
        }

        string? previous = null;
        foreach (var attribute in Xattrs)
        {
            if (attribute?.Name is null || attribute.Value is null || (previous is not null && string.CompareOrdinal(previous, attribute.Name) >= 0))
            {
                return $"node '{Name}' has a nil, unsorted or repeated extended attribute.";
            }

            previous = attribute.Name;
        }

        return null;
    }
}
