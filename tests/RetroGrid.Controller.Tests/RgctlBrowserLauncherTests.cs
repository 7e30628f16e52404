using System.ComponentModel;
using System.Diagnostics;
using System.Runtime.InteropServices;
using RetroGrid.Rgctl;

namespace RetroGrid.Controller.Tests;

/// <summary>How rgctl would open a browser on each platform, without starting one.</summary>
public sealed class RgctlBrowserLauncherTests
{
    private const string Url = "https://www.dropbox.com/oauth2/authorize?client_id=abc&code_challenge=x-y_z&state=s1";

    [Theory]
    [InlineData("DISPLAY", ":0")]
    [InlineData("WAYLAND_DISPLAY", "wayland-0")]
    public void StartInfo_LinuxWithADisplay_XdgOpenWithTheExactUrl(string variable, string value)
    {
        var info = SystemBrowserLauncher.StartInfo(Url, OSPlatform.Linux, name => name == variable ? value : null);

        Assert.NotNull(info);
        Assert.Equal(("xdg-open", false), (info.FileName, info.UseShellExecute));
        Assert.Equal([Url], info.ArgumentList);
    }

    [Fact]
    public void StartInfo_LinuxWithoutADisplay_NoBrowser()
    {
        Assert.Null(SystemBrowserLauncher.StartInfo(Url, OSPlatform.Linux, _ => null));
        Assert.Null(SystemBrowserLauncher.StartInfo(Url, OSPlatform.Linux, name => name == "DISPLAY" ? string.Empty : null));
    }

    [Fact]
    public void StartInfo_MacAndWindows_TheirOwnOpeners()
    {
        var mac = SystemBrowserLauncher.StartInfo(Url, OSPlatform.OSX, _ => null);
        var windows = SystemBrowserLauncher.StartInfo(Url, OSPlatform.Windows, _ => null);

        Assert.Equal(("open", Url), (mac?.FileName, Assert.Single(mac!.ArgumentList)));
        Assert.Equal((Url, true), (windows?.FileName, windows!.UseShellExecute));
    }

    [Theory]
    [InlineData("file:///etc/passwd")]
    [InlineData("calc.exe")]
    [InlineData("")]
    public void StartInfo_NotAWebAddress_NeverOpened(string url)
    {
        Assert.Null(SystemBrowserLauncher.StartInfo(url, OSPlatform.Windows, _ => ":0"));
        Assert.Null(SystemBrowserLauncher.StartInfo(url, OSPlatform.Linux, _ => ":0"));
    }

    [Fact]
    public void TryOpen_OpenerMissing_FalseNotAnError()
    {
        var started = new List<ProcessStartInfo>();
        var launcher = new SystemBrowserLauncher(OSPlatform.Linux, _ => ":0", info =>
        {
            started.Add(info);
            throw new Win32Exception(2, "No such file or directory");
        });

        Assert.False(launcher.TryOpen(Url));
        Assert.Equal("xdg-open", Assert.Single(started).FileName);
    }

    [Fact]
    public void TryOpen_NoDisplay_StartsNothing()
    {
        var launcher = new SystemBrowserLauncher(OSPlatform.Linux, _ => null, _ => throw new InvalidOperationException("must not start"));

        Assert.False(launcher.TryOpen(Url));
    }
}
