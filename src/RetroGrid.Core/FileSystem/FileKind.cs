namespace RetroGrid.Core.FileSystem;

/// <summary>The type of a directory entry, as lstat reports it (a symlink is never followed).</summary>
internal enum FileKind
{
    Unknown = 0,
    Regular = 1,
    Directory = 2,
    Symlink = 3,
    Fifo = 4,
    Socket = 5,
    CharacterDevice = 6,
    BlockDevice = 7,
}
