using RetroGrid.Core.FileSystem;

namespace RetroGrid.Core.Tests.Backup;

/// <summary>
/// The real file system, except that lstat of <paramref name="denied"/> always fails with permission denied (as for a
/// non-root user in a locked directory), and the second lstat of <paramref name="vanishing"/> — the re-stat after
/// reading — finds it gone.
/// </summary>
internal sealed class FailingStatFileSystem(IFileSystem inner, string denied, string vanishing) : IFileSystem
{
    private int _vanishingStats;

    public bool IsUnix => inner.IsUnix;

    public FileMetadata GetMetadata(string path)
    {
        if (path == denied)
        {
            throw new UnauthorizedAccessException($"Access to the path '{path}' is denied.");
        }

        if (path == vanishing && Interlocked.Increment(ref _vanishingStats) == 2)
        {
            File.Delete(path);
        }

        return inner.GetMetadata(path);
    }

    public string ReadSymlinkTarget(string path) => inner.ReadSymlinkTarget(path);

    public IReadOnlyList<ExtendedAttribute> GetExtendedAttributes(string path) => inner.GetExtendedAttributes(path);

    public void SetPermissions(string path, uint mode) => inner.SetPermissions(path, mode);

    public void SetModifiedTime(string path, long modifiedTimeNs) => inner.SetModifiedTime(path, modifiedTimeNs);

    public bool TrySetOwner(string path, uint uid, uint gid) => inner.TrySetOwner(path, uid, gid);

    public void CreateSymlink(string path, string target) => inner.CreateSymlink(path, target);

    public bool TrySetExtendedAttribute(string path, ExtendedAttribute attribute) => inner.TrySetExtendedAttribute(path, attribute);
}
