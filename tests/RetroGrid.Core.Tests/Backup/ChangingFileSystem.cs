using RetroGrid.Core.FileSystem;

namespace RetroGrid.Core.Tests.Backup;

/// <summary>
/// The real file system, except that the second lstat of <paramref name="victim"/> — the reader's re-stat after reading
/// it — first appends to the file: a real change made while the backup was reading, at a deterministic moment.
/// </summary>
internal sealed class ChangingFileSystem(IFileSystem inner, string victim) : IFileSystem
{
    private int _victimStats;

    public bool IsUnix => inner.IsUnix;

    public FileMetadata GetMetadata(string path)
    {
        if (path == victim && Interlocked.Increment(ref _victimStats) == 2)
        {
            File.AppendAllText(path, "appended while the backup was reading");
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
