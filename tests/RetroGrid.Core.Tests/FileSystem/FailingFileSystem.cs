using RetroGrid.Core.FileSystem;

namespace RetroGrid.Core.Tests.FileSystem;

/// <summary>Fault injection by decoration (Orleans style): lstat of the given paths throws the given exception.</summary>
internal sealed class FailingFileSystem(IFileSystem inner, IReadOnlyDictionary<string, Exception> failures) : IFileSystem
{
    public bool IsUnix => inner.IsUnix;

    public FileMetadata GetMetadata(string path) =>
        failures.TryGetValue(path, out var failure) ? throw failure : inner.GetMetadata(path);

    public string ReadSymlinkTarget(string path) => inner.ReadSymlinkTarget(path);

    public IReadOnlyList<ExtendedAttribute> GetExtendedAttributes(string path) => inner.GetExtendedAttributes(path);

    public void SetPermissions(string path, uint mode) => inner.SetPermissions(path, mode);

    public void SetModifiedTime(string path, long modifiedTimeNs) => inner.SetModifiedTime(path, modifiedTimeNs);

    public bool TrySetOwner(string path, uint uid, uint gid) => inner.TrySetOwner(path, uid, gid);

    public void CreateSymlink(string path, string target) => inner.CreateSymlink(path, target);

    public bool TrySetExtendedAttribute(string path, ExtendedAttribute attribute) => inner.TrySetExtendedAttribute(path, attribute);
}
