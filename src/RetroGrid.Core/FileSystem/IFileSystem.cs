namespace RetroGrid.Core.FileSystem;

/// <summary>
/// What the backup scanner and the restorer need from the OS beyond reading and writing file contents. Errors come as
/// the BCL's exceptions: <see cref="FileNotFoundException"/> for a vanished entry, <see cref="UnauthorizedAccessException"/>
/// for a permission problem, <see cref="IOException"/> otherwise. Implementations are thread-safe.
/// </summary>
internal interface IFileSystem
{
    /// <summary>True where ownership, modes and extended attributes exist (Linux, macOS).</summary>
    bool IsUnix { get; }

    /// <summary>lstat: metadata of the entry itself, never of a symlink's target.</summary>
    FileMetadata GetMetadata(string path);

    /// <summary>The raw target of a symlink, exactly as stored (may be relative or dangling).</summary>
    string ReadSymlinkTarget(string path);

    /// <summary>The entry's extended attributes (of a symlink itself, not its target), empty where unsupported.</summary>
    IReadOnlyList<ExtendedAttribute> GetExtendedAttributes(string path);

    /// <summary>Sets the permission bits (incl. setuid, setgid, sticky) of a file or directory; never of a symlink.</summary>
    void SetPermissions(string path, uint mode);

    /// <summary>Sets the modification time without following a symlink (utimensat with AT_SYMLINK_NOFOLLOW).</summary>
    void SetModifiedTime(string path, long modifiedTimeNs);

    /// <summary>Sets owner and group without following a symlink, only when running as root; false when skipped.</summary>
    bool TrySetOwner(string path, uint uid, uint gid);

    void CreateSymlink(string path, string target);

    /// <summary>Sets one extended attribute (on a symlink itself); false where the file system does not support them.</summary>
    bool TrySetExtendedAttribute(string path, ExtendedAttribute attribute);
}
