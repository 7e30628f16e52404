using System.ComponentModel;
using System.Diagnostics;
using System.Runtime.InteropServices;

namespace RetroGrid.Rgctl;

/// <summary>
/// The desktop's own way to open an address: <c>xdg-open</c> on Linux when a display is there, <c>open</c> on macOS,
/// the shell's default handler on Windows. Fire and forget: rgctl prints the address anyway, so a browser that does
/// not start is no error.
/// </summary>
internal sealed class SystemBrowserLauncher(OSPlatform platform, Func<string, string?> getEnvironmentVariable, Func<ProcessStartInfo, Process?> start) : IBrowserLauncher
{
    public static SystemBrowserLauncher ForProcess() => new(CurrentPlatform(), Environment.GetEnvironmentVariable, Process.Start);

    public bool TryOpen(string url)
    {
        if (StartInfo(url, platform, getEnvironmentVariable) is not { } info)
        {
            return false;
        }

        try
        {
            // Not waited for: xdg-open may run the browser in the foreground until it is closed.
            using var process = start(info);
            return process is not null;
        }
        catch (Exception ex) when (ex is Win32Exception or InvalidOperationException or PlatformNotSupportedException)
        {
            // Typically no xdg-open installed (a server with X forwarding): the printed address is enough.
            return false;
        }
    }

    /// <summary>How to open the address on the platform, or null where there is no browser to ask.</summary>
    internal static ProcessStartInfo? StartInfo(string url, OSPlatform platform, Func<string, string?> getEnvironmentVariable)
    {
        // Only web addresses: the shell's default handler would also run a program or open a file it was given.
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
        {
            return null;
        }

        if (platform == OSPlatform.Windows)
        {
            return new ProcessStartInfo(url) { UseShellExecute = true };
        }

        if (platform == OSPlatform.OSX)
        {
            return new ProcessStartInfo("open") { ArgumentList = { url } };
        }

        // Without a display (an SSH session to the controller), xdg-open would start a text browser in our terminal.
        var hasDisplay = !string.IsNullOrEmpty(getEnvironmentVariable("DISPLAY")) || !string.IsNullOrEmpty(getEnvironmentVariable("WAYLAND_DISPLAY"));
        return hasDisplay && (platform == OSPlatform.Linux || platform == OSPlatform.FreeBSD)
            ? new ProcessStartInfo("xdg-open") { ArgumentList = { url } }
            : null;
    }

    private static OSPlatform CurrentPlatform() =>
        OperatingSystem.IsWindows() ? OSPlatform.Windows
        : OperatingSystem.IsMacOS() ? OSPlatform.OSX
        : OperatingSystem.IsFreeBSD() ? OSPlatform.FreeBSD
        : OSPlatform.Linux;
}
