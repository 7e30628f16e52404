using System.Runtime.InteropServices;

namespace RetroGrid.Core.FileSystem;

/// <summary>macOS-only libc calls (compiled everywhere, exercised only on macOS; CI runs on Linux).</summary>
internal static partial class MacNative
{
    public const int AtFdCwd = -2;
    public const int AtSymlinkNoFollow = 0x20;
    public const long UtimeOmit = -2;
    public const int XattrNoFollow = 0x0001;
    public const int ErrorNoAttribute = 93;
    public const int ErrorNotSupported = 45;

    // On x64 the 64-bit-inode struct stat is behind the $INODE64 symbol; arm64 has only that layout, under the plain name.
    [LibraryImport("libc", EntryPoint = "lstat$INODE64", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int lstat_x64(string path, out Stat buffer);

    [LibraryImport("libc", EntryPoint = "lstat", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int lstat_arm64(string path, out Stat buffer);

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int utimensat(int dirFd, string path, ReadOnlySpan<UnixNative.TimeSpec> times, int flags);

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial nint listxattr(string path, Span<byte> list, nuint size, int options);

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial nint getxattr(string path, string name, Span<byte> value, nuint size, uint position, int options);

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int setxattr(string path, string name, ReadOnlySpan<byte> value, nuint size, uint position, int options);

    /// <summary>struct stat with 64-bit inodes (sys/stat.h, 144 bytes).</summary>
    [StructLayout(LayoutKind.Sequential, Size = 144)]
    public struct Stat
    {
        public int Device;
        public ushort Mode;
        public ushort LinkCount;
        public ulong Inode;
        public uint Uid;
        public uint Gid;
        public int Rdev;
        public UnixNative.TimeSpec AccessTime;
        public UnixNative.TimeSpec ModifiedTime;
        public UnixNative.TimeSpec ChangeTime;
        public UnixNative.TimeSpec BirthTime;
        public long Size;
        public long Blocks;
        public int BlockSize;
        public uint Flags;
    }
}
