using System.Runtime.InteropServices;
using System.Runtime.Versioning;

namespace RetroGrid.Core.FileSystem;

/// <summary>Linux and macOS through libc: lstat-level metadata, owner names, symlinks, extended attributes.</summary>
[UnsupportedOSPlatform("windows")]
internal sealed class UnixFileSystem : IFileSystem
{
    private const long NanosecondsPerSecond = 1_000_000_000;

    private readonly UnixAccountNames _names = new();
    private readonly bool _isRoot = UnixNative.geteuid() == 0;

    public bool IsUnix => true;

    public FileMetadata GetMetadata(string path) =>
        OperatingSystem.IsMacOS() ? GetMacMetadata(path) : GetLinuxMetadata(path);

    public string ReadSymlinkTarget(string path) =>
        new FileInfo(path).LinkTarget ?? throw new IOException($"'{path}' is not a symbolic link.");

    public IReadOnlyList<ExtendedAttribute> GetExtendedAttributes(string path)
    {
        var names = ReadXattrNames(path);
        if (names.Count == 0)
        {
            return [];
        }

        var attributes = new List<ExtendedAttribute>(names.Count);
        foreach (var name in names)
        {
            // An attribute removed between list and get is simply no longer there.
            if (ReadXattrValue(path, name) is { } value)
            {
                attributes.Add(new ExtendedAttribute(name, value));
            }
        }

        return attributes;
    }

    public void SetPermissions(string path, uint mode) => File.SetUnixFileMode(path, (UnixFileMode)(mode & 0xFFF));

    public void SetModifiedTime(string path, long modifiedTimeNs)
    {
        var mac = OperatingSystem.IsMacOS();
        ReadOnlySpan<UnixNative.TimeSpec> times =
        [
            new() { Seconds = 0, Nanoseconds = mac ? MacNative.UtimeOmit : LinuxNative.UtimeOmit },
            new()
            {
                Seconds = Math.DivRem(modifiedTimeNs, NanosecondsPerSecond, out var nanoseconds) - (nanoseconds < 0 ? 1 : 0),
                Nanoseconds = nanoseconds < 0 ? nanoseconds + NanosecondsPerSecond : nanoseconds,
            },
        ];
        var result = mac
            ? MacNative.utimensat(MacNative.AtFdCwd, path, times, MacNative.AtSymlinkNoFollow)
            : LinuxNative.utimensat(LinuxNative.AtFdCwd, path, times, LinuxNative.AtSymlinkNoFollow);
        if (result != 0)
        {
            throw Errno.Last(path, "utimensat");
        }
    }

    public bool TrySetOwner(string path, uint uid, uint gid)
    {
        // Only root may give files away; for anyone else restored files belong to the restoring user, as with tar.
        if (!_isRoot)
        {
            return false;
        }

        return UnixNative.lchown(path, uid, gid) == 0 ? true : throw Errno.Last(path, "lchown");
    }

    public void CreateSymlink(string path, string target) => File.CreateSymbolicLink(path, target);

    public bool TrySetExtendedAttribute(string path, ExtendedAttribute attribute)
    {
        ArgumentNullException.ThrowIfNull(attribute);
        var mac = OperatingSystem.IsMacOS();
        var result = mac
            ? MacNative.setxattr(path, attribute.Name, attribute.Value, (nuint)attribute.Value.Length, 0, MacNative.XattrNoFollow)
            : LinuxNative.lsetxattr(path, attribute.Name, attribute.Value, (nuint)attribute.Value.Length, 0);
        if (result == 0)
        {
            return true;
        }

        var errno = Marshal.GetLastPInvokeError();
        return IsUnsupported(errno, mac) ? false : throw Errno.ToException(errno, path, "setxattr");
    }

    private FileMetadata GetLinuxMetadata(string path)
    {
        if (LinuxNative.statx(LinuxNative.AtFdCwd, path, LinuxNative.AtSymlinkNoFollow, LinuxNative.StatxBasicStats, out var s) != 0)
        {
            throw Errno.Last(path, "statx");
        }

        return new FileMetadata(
            FileMetadata.KindFromMode(s.Mode),
            (long)s.Size,
            s.Mode,
            s.Uid,
            s.Gid,
            _names.UserName(s.Uid),
            _names.GroupName(s.Gid),
            (s.ModifiedTime.Seconds * NanosecondsPerSecond) + s.ModifiedTime.Nanoseconds,
            (s.ChangeTime.Seconds * NanosecondsPerSecond) + s.ChangeTime.Nanoseconds,
            s.Inode,
            MakeLinuxDevice(s.DevMajor, s.DevMinor),
            s.LinkCount);
    }

    private FileMetadata GetMacMetadata(string path)
    {
        var result = RuntimeInformation.ProcessArchitecture == Architecture.X64
            ? MacNative.lstat_x64(path, out var s)
            : MacNative.lstat_arm64(path, out s);
        if (result != 0)
        {
            throw Errno.Last(path, "lstat");
        }

        return new FileMetadata(
            FileMetadata.KindFromMode(s.Mode),
            s.Size,
            s.Mode,
            s.Uid,
            s.Gid,
            _names.UserName(s.Uid),
            _names.GroupName(s.Gid),
            (s.ModifiedTime.Seconds * NanosecondsPerSecond) + s.ModifiedTime.Nanoseconds,
            (s.ChangeTime.Seconds * NanosecondsPerSecond) + s.ChangeTime.Nanoseconds,
            s.Inode,
            (uint)s.Device,
            s.LinkCount);
    }

    /// <summary>glibc's makedev, so the value equals the st_dev that stat(2) and other tools report.</summary>
    private static ulong MakeLinuxDevice(uint major, uint minor) =>
        ((ulong)(major & 0xFFFFF000) << 32) | ((ulong)(major & 0xFFF) << 8) | ((ulong)(minor & 0xFFFFFF00) << 12) | (minor & 0xFF);

    private static List<string> ReadXattrNames(string path)
    {
        var mac = OperatingSystem.IsMacOS();
        // Size query, then read; the list can grow in between (ERANGE), so retry a few times.
        for (var attempt = 0; attempt < 4; attempt++)
        {
            var size = ListXattr(path, [], mac);
            if (size <= 0)
            {
                return size == 0 ? [] : FailOrEmpty(path, mac, "listxattr");
            }

            var buffer = new byte[size];
            var read = ListXattr(path, buffer, mac);
            if (read >= 0)
            {
                return ParseNames(buffer.AsSpan(0, (int)read));
            }

            if (Marshal.GetLastPInvokeError() != UnixNative.ErrorRange)
            {
                return FailOrEmpty(path, mac, "listxattr");
            }
        }

        throw new IOException($"listxattr '{path}': the attribute list kept changing.");
    }

    private static byte[]? ReadXattrValue(string path, string name)
    {
        var mac = OperatingSystem.IsMacOS();
        for (var attempt = 0; attempt < 4; attempt++)
        {
            var size = GetXattr(path, name, [], mac);
            if (size >= 0)
            {
                var buffer = new byte[size];
                var read = size == 0 ? 0 : GetXattr(path, name, buffer, mac);
                if (read >= 0)
                {
                    return read == size ? buffer : buffer[..(int)read];
                }
            }

            var errno = Marshal.GetLastPInvokeError();
            if (errno == (mac ? MacNative.ErrorNoAttribute : LinuxNative.ErrorNoData))
            {
                return null;
            }

            if (errno != UnixNative.ErrorRange)
            {
                throw Errno.ToException(errno, path, $"getxattr {name}");
            }
        }

        throw new IOException($"getxattr '{path}' {name}: the value kept changing.");
    }

    private static nint ListXattr(string path, Span<byte> buffer, bool mac) =>
        mac ? MacNative.listxattr(path, buffer, (nuint)buffer.Length, MacNative.XattrNoFollow)
            : LinuxNative.llistxattr(path, buffer, (nuint)buffer.Length);

    private static nint GetXattr(string path, string name, Span<byte> buffer, bool mac) =>
        mac ? MacNative.getxattr(path, name, buffer, (nuint)buffer.Length, 0, MacNative.XattrNoFollow)
            : LinuxNative.lgetxattr(path, name, buffer, (nuint)buffer.Length);

    private static List<string> FailOrEmpty(string path, bool mac, string operation)
    {
        var errno = Marshal.GetLastPInvokeError();
        return IsUnsupported(errno, mac) ? [] : throw Errno.ToException(errno, path, operation);
    }

    private static bool IsUnsupported(int errno, bool mac) =>
        errno == (mac ? MacNative.ErrorNotSupported : LinuxNative.ErrorNotSupported);

    /// <summary>The list is NUL-terminated names back to back; sorted so trees encode deterministically.</summary>
    private static List<string> ParseNames(ReadOnlySpan<byte> list)
    {
        var names = new List<string>();
        while (!list.IsEmpty)
        {
            var end = list.IndexOf((byte)0);
            var name = end < 0 ? list : list[..end];
            if (!name.IsEmpty)
            {
                names.Add(System.Text.Encoding.UTF8.GetString(name));
            }

            list = end < 0 ? [] : list[(end + 1)..];
        }

        names.Sort(StringComparer.Ordinal);
        return names;
    }
}
