using System.Collections.Concurrent;
using System.Runtime.InteropServices;

namespace RetroGrid.Core.FileSystem;

/// <summary>
/// User and group names from libc's getpwuid_r/getgrgid_r, so NSS sources (LDAP, SSSD, systemd-homed) answer too, not
/// just /etc/passwd. Cached per id: a scan meets a handful of owners across millions of files. Thread-safe.
/// </summary>
internal sealed class UnixAccountNames
{
    /// <summary>Larger than struct passwd and struct group on Linux and macOS (48–72 bytes); only the first field is read.</summary>
    private const int EntrySize = 256;

    private const int MaxBufferSize = 1024 * 1024;

    private readonly ConcurrentDictionary<uint, string?> _users = new();
    private readonly ConcurrentDictionary<uint, string?> _groups = new();

    public string? UserName(uint uid) => _users.GetOrAdd(uid, static id => Lookup(id, user: true));

    public string? GroupName(uint gid) => _groups.GetOrAdd(gid, static id => Lookup(id, user: false));

    private static unsafe string? Lookup(uint id, bool user)
    {
        // Both structs start with a char* name (pw_name, gr_name), pointing into the buffer we pass.
        var entry = stackalloc byte[EntrySize];
        for (var size = 1024; size <= MaxBufferSize; size *= 4)
        {
            var buffer = (byte*)NativeMemory.Alloc((nuint)size);
            try
            {
                byte* result = null;
                var error = user
                    ? UnixNative.getpwuid_r(id, entry, buffer, (nuint)size, &result)
                    : UnixNative.getgrgid_r(id, entry, buffer, (nuint)size, &result);
                if (error == UnixNative.ErrorRange)
                {
                    continue;
                }

                // No entry (result null) or a lookup failure: the id is still recorded, the name is just unknown.
                return error == 0 && result != null ? Marshal.PtrToStringUTF8(*(nint*)entry) : null;
            }
            finally
            {
                NativeMemory.Free(buffer);
            }
        }

        return null;
    }
}
