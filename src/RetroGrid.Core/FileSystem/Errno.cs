using System.Runtime.InteropServices;

namespace RetroGrid.Core.FileSystem;

/// <summary>Turns a failed libc call's errno into the BCL exception a caller of System.IO would expect.</summary>
internal static class Errno
{
    private const int NoSuchEntry = 2;
    private const int NotPermitted = 1;
    private const int AccessDenied = 13;
    private const int NotADirectory = 20;

    public static Exception ToException(int errno, string path, string operation)
    {
        var message = $"{operation} '{path}': {Marshal.GetPInvokeErrorMessage(errno)}";
        return errno switch
        {
            NoSuchEntry or NotADirectory => new FileNotFoundException(message, path),
            NotPermitted or AccessDenied => new UnauthorizedAccessException(message),
            _ => new IOException(message, errno),
        };
    }

    public static Exception Last(string path, string operation) =>
        ToException(Marshal.GetLastPInvokeError(), path, operation);
}
