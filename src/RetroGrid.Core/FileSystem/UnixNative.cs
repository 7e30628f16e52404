using System.Runtime.InteropServices;

namespace RetroGrid.Core.FileSystem;

/// <summary>libc calls with the same signature on Linux and macOS.</summary>
internal static partial class UnixNative
{
    public const int ErrorRange = 34;

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int lchown(string path, uint owner, uint group);

    [LibraryImport("libc")]
    public static partial uint geteuid();

    [LibraryImport("libc")]
    public static unsafe partial int getpwuid_r(uint uid, byte* passwd, byte* buffer, nuint bufferLength, byte** result);

    [LibraryImport("libc")]
    public static unsafe partial int getgrgid_r(uint gid, byte* group, byte* buffer, nuint bufferLength, byte** result);

    /// <summary>struct timespec on 64-bit Linux and macOS.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }
}
