namespace RetroGrid.Core.FileSystem;

/// <summary>
/// lstat-level metadata of one entry. Times are nanoseconds since the Unix epoch (UTC), exact to what the file system
/// keeps: the backup's "unchanged since the parent snapshot" test compares them for equality, so nothing may round.
/// Mode is st_mode (file type bits and permission bits incl. setuid, setgid, sticky); the names come from the system's
/// user database and are null when it has no entry; Device is st_dev (mount points and, with Inode, hard links).
/// </summary>
internal sealed record FileMetadata(
    FileKind Kind,
    long Size,
    uint Mode,
    uint Uid,
    uint Gid,
    string? OwnerName,
    string? GroupName,
    long ModifiedTimeNs,
    long ChangeTimeNs,
    ulong Inode,
    ulong Device,
    ulong LinkCount)
{
    /// <summary>The permission part of <see cref="Mode"/> (rwx for user, group, other, plus setuid, setgid, sticky).</summary>
    public uint Permissions => Mode & 0xFFF;

    public static FileKind KindFromMode(uint mode) => (mode & 0xF000) switch
    {
        0x8000 => FileKind.Regular,
        0x4000 => FileKind.Directory,
        0xA000 => FileKind.Symlink,
        0x1000 => FileKind.Fifo,
        0xC000 => FileKind.Socket,
        0x2000 => FileKind.CharacterDevice,
        0x6000 => FileKind.BlockDevice,
        _ => FileKind.Unknown,
    };
}
