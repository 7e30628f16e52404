namespace RetroGrid.Core.FileSystem;

/// <summary>The <see cref="IFileSystem"/> of the platform the process runs on.</summary>
internal static class FileSystems
{
    public static IFileSystem Create() =>
        OperatingSystem.IsWindows() ? new WindowsFileSystem() : new UnixFileSystem();
}
