using RetroGrid.Core.FileSystem;
using RetroGrid.Core.Formats;

namespace RetroGrid.Core.Restore;

/// <summary>
/// Applies a node's metadata to a restored entry: owner (only as root), permission bits, xattrs, then mtime last,
/// because each of the others may touch the entry. Failures become warnings: the data is already in place.
/// </summary>
internal sealed class MetadataWriter(IFileSystem fileSystem, RestoreReport report)
{
    public void Apply(string path, string snapshotPath, TreeNode node)
    {
        try
        {
            if (fileSystem.IsUnix)
            {
                fileSystem.TrySetOwner(path, node.Uid, node.Gid);
                if (node.Kind != NodeKind.Symlink)
                {
                    fileSystem.SetPermissions(path, node.Mode);
                }

                foreach (var xattr in node.Xattrs ?? [])
                {
                    if (!fileSystem.TrySetExtendedAttribute(path, new ExtendedAttribute(xattr.Name, xattr.Value)))
                    {
                        report.WarnOnce("xattr", $"Extended attributes could not be restored (unsupported here), e.g. on {snapshotPath}.");
                        break;
                    }
                }
            }

            fileSystem.SetModifiedTime(path, node.MtimeUnixNs);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            report.Warn(snapshotPath, $"metadata not fully restored: {ex.Message}");
        }
    }
}
