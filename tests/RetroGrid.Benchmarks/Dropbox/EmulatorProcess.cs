using System.Diagnostics;
using System.Globalization;

namespace RetroGrid.Benchmarks.Dropbox;

/// <summary>
/// Runs the emulator as its own process, so its memory can be measured apart from the client's and the two
/// don't share a garbage collector. The emulator is the Release build next to this benchmark in artifacts/.
/// </summary>
internal sealed class EmulatorProcess : IDisposable
{
    private readonly Process _process;

    private EmulatorProcess(Process process, Uri baseAddress)
    {
        _process = process;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    public static async Task<EmulatorProcess> StartAsync(params string[] arguments)
    {
        var startInfo = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        startInfo.ArgumentList.Add(BuildOutput.Find("RetroGrid.Dropbox.Emulator", "RetroGrid.Dropbox.Emulator.dll", "src/RetroGrid.Dropbox.Emulator"));
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        var process = Process.Start(startInfo) ?? throw new InvalidOperationException("Could not start the emulator.");
        // The emulator prints its URL as the first line; a bounded wait keeps a broken build from hanging the run.
        string? url;
        try
        {
            url = await process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(30));
        }
        catch (TimeoutException)
        {
            url = null;
        }

        if (url is null)
        {
            process.Kill(entireProcessTree: true);
            throw new InvalidOperationException("The emulator did not print its URL within 30 seconds.");
        }

        // Keep draining stdout so the emulator never blocks on a full pipe.
        _ = process.StandardOutput.BaseStream.CopyToAsync(Stream.Null);
        return new EmulatorProcess(process, new Uri(url.Trim()));
    }

    /// <summary>Peak resident set size of the emulator process so far (Linux VmHWM), in bytes.</summary>
    public long PeakResidentBytes()
    {
        foreach (var line in File.ReadLines($"/proc/{_process.Id}/status"))
        {
            if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
            {
                var kilobytes = line["VmHWM:".Length..].Trim().Split(' ')[0];
                return long.Parse(kilobytes, NumberStyles.Integer, CultureInfo.InvariantCulture) * 1024;
            }
        }

        return -1;
    }

    public void Dispose()
    {
        _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
        _process.Dispose();
    }
}
