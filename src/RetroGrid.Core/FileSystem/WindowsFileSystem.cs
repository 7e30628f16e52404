namespace RetroGrid.Core.FileSystem;

/// <summary>
/// Windows fallback: what <see cref="FileSystemInfo"/> gives. No owners, no extended attributes, no inode (0), change
/// time = modification time (the parent-snapshot test then rests on size and mtime), and a mode synthesised from the
/// attributes (directory or regular, read-only drops the write bits) so trees stay meaningful when restored on Unix.
/// </summary>
internal sealed class WindowsFileSystem : IFileSystem
{
    private const long UnixEpochTicks = 621_355_968_000_000_000;

    public bool IsUnix => false;

    public FileMetadata GetMetadata(string path)
    {
        FileSystemInfo info = Directory.Exists(path) ? new DirectoryInfo(path) : new FileInfo(path);
        if (!info.Exists)
        {
            throw new FileNotFoundException($"'{path}' does not exist.", path);
        }

        var kind = info.LinkTarget is not null ? FileKind.Symlink
            : info is DirectoryInfo ? FileKind.Directory
            : FileKind.Regular;
        var readOnly = info.Attributes.HasFlag(FileAttributes.ReadOnly);
        var mode = kind switch
        {
            FileKind.Directory => 0x4000u | 0x1EDu,
            FileKind.Symlink => 0xA000u | 0x1FFu,
            _ => 0x8000u | (readOnly ? 0x124u : 0x1A4u),
        };
        var modifiedNs = (info.LastWriteTimeUtc.Ticks - UnixEpochTicks) * 100;
        var size = info is FileInfo file && kind == FileKind.Regular ? file.Length : 0;
        return new FileMetadata(kind, size, mode, 0, 0, null, null, modifiedNs, modifiedNs, 0, 0, 1);
    }

    public string ReadSymlinkTarget(string path) =>
        new FileInfo(path).LinkTarget ?? throw new IOException($"'{path}' is not a symbolic link.");

    public IReadOnlyList<ExtendedAttribute> GetExtendedAttributes(string path) => [];

    public void SetPermissions(string path, uint mode)
    {
        // Only the owner-write bit maps onto Windows: no write bit becomes the read-only attribute.
        var info = new FileInfo(path);
        info.IsReadOnly = (mode & 0x80) == 0;
    }

    public void SetModifiedTime(string path, long modifiedTimeNs)
    {
        var time = new DateTime(UnixEpochTicks + (modifiedTimeNs / 100), DateTimeKind.Utc);
        if (Directory.Exists(path))
        {
            Directory.SetLastWriteTimeUtc(path, time);
        }
        else
        {
            File.SetLastWriteTimeUtc(path, time);
        }
    }

    public bool TrySetOwner(string path, uint uid, uint gid) => false;

    public void CreateSymlink(string path, string target) => File.CreateSymbolicLink(path, target);

    public bool TrySetExtendedAttribute(string path, ExtendedAttribute attribute) => false;
}
