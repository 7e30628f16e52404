using System.Text;

namespace RetroGrid.Rgctl;

/// <summary>
/// rgctl's outside world — its streams, whether a person is watching stdout and how wide their terminal is, the
/// browser and the clock — so tests run the whole program in-process with their own.
/// </summary>
internal sealed class RgctlConsole
{
    public required TextWriter Out { get; init; }

    public required TextWriter Error { get; init; }

    public required TextReader In { get; init; }

    /// <summary>True when stdout is a terminal: aligned, width-fitted tables and a live progress bar.</summary>
    public bool IsTerminal { get; init; }

    /// <summary>The terminal's width in columns, read at each use because the window may be resized while a job runs.</summary>
    public Func<int> Width { get; init; } = static () => 80;

    /// <summary>Whether stdout can show block characters and the ellipsis (false: ASCII only, e.g. a legacy Windows code page).</summary>
    public bool Unicode { get; init; } = true;

    public IBrowserLauncher Browser { get; init; } = NoBrowser;

    /// <summary>A browser that never opens: the address is only printed.</summary>
    public static IBrowserLauncher NoBrowser { get; } = new NeverOpens();

    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    public static RgctlConsole FromProcess() => new()
    {
        Out = Console.Out,
        Error = Console.Error,
        In = Console.In,
        IsTerminal = !Console.IsOutputRedirected,
        Width = TerminalWidth,
        Unicode = Console.OutputEncoding.CodePage == Encoding.UTF8.CodePage,
        Browser = SystemBrowserLauncher.ForProcess(),
    };

    private static int TerminalWidth()
    {
        try
        {
            return Console.WindowWidth is > 0 and var width ? width : 80;
        }
        catch (IOException)
        {
            // No console window after all (e.g. started detached): fall back to the classic width.
            return 80;
        }
    }

    private sealed class NeverOpens : IBrowserLauncher
    {
        public bool TryOpen(string url) => false;
    }
}
