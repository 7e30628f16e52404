using RetroGrid.Core.FileSystem;
using RetroGrid.Core.Formats;

namespace RetroGrid.Core.Backup;

/// <summary>Builds tree nodes from lstat metadata, and decides whether a file is unchanged since the parent snapshot.</summary>
internal static class TreeNodes
{
    public static TreeNode FromMetadata(string name, FileMetadata metadata) => new()
    {
        Name = name,
        Kind = metadata.Kind switch
        {
            FileKind.Regular => NodeKind.File,
            FileKind.Directory => NodeKind.Directory,
            FileKind.Symlink => NodeKind.Symlink,
            _ => NodeKind.Other,
        },
        Size = metadata.Kind == FileKind.Regular ? metadata.Size : 0,
        Mode = metadata.Mode,
        Uid = metadata.Uid,
        Gid = metadata.Gid,
        UserName = metadata.OwnerName,
        GroupName = metadata.GroupName,
        MtimeUnixNs = metadata.ModifiedTimeNs,
        CtimeUnixNs = metadata.ChangeTimeNs,
        Inode = metadata.Inode,
        Device = metadata.Device,
    };

    /// <summary>
    /// Size, mtime, ctime and inode all equal: the content list can be reused without reading. ctime catches what a
    /// reset mtime hides (touch -r, some unpackers), the inode catches a file replaced by another of the same times.
    /// </summary>
    public static bool IsUnchanged(TreeNode? previous, FileMetadata current) =>
        previous is { Kind: NodeKind.File, Content: not null }
        && previous.Size == current.Size
        && previous.MtimeUnixNs == current.ModifiedTimeNs
        && previous.CtimeUnixNs == current.ChangeTimeNs
        && previous.Inode == current.Inode;

    /// <summary>Xattrs in the format's canonical (ordinal name) order; null when there are none, to keep trees small.</summary>
    public static IReadOnlyList<Xattr>? ToXattrs(IReadOnlyList<ExtendedAttribute> attributes)
    {
        if (attributes.Count == 0)
        {
            return null;
        }

        var xattrs = attributes.Select(a => new Xattr { Name = a.Name, Value = a.Value }).ToArray();
        Array.Sort(xattrs, static (a, b) => string.CompareOrdinal(a.Name, b.Name));
        return xattrs;
    }

    /// <summary>Binary search of a canonical (sorted) tree.</summary>
    public static TreeNode? Find(Tree? tree, string name)
    {
        if (tree is null)
        {
            return null;
        }

        var nodes = tree.Nodes;
        int low = 0, high = nodes.Count - 1;
        while (low <= high)
        {
            var mid = low + ((high - low) / 2);
            var order = string.CompareOrdinal(nodes[mid].Name, name);
            if (order == 0)
            {
                return nodes[mid];
            }

            if (order < 0)
            {
                low = mid + 1;
            }
            else
            {
                high = mid - 1;
            }
        }

        return null;
    }
}
