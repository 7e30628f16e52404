using System.Diagnostics;
using System.Globalization;

namespace RetroGrid.Benchmarks.ControllerLoad;

/// <summary>
/// `retrogrid-controller init` then `run` as a process of its own (the Release build), so that its memory is measured
/// apart from the simulated agents'. Its Dropbox is the emulator given.
/// </summary>
internal sealed class ControllerProcess : IDisposable
{
    private readonly Process _process;

    private ControllerProcess(Process process, Uri baseAddress, string dataDir)
    {
        _process = process;
        BaseAddress = baseAddress;
        DataDir = dataDir;
    }

    public Uri BaseAddress { get; }

    public string DataDir { get; }

    public string AdminCredential => File.ReadAllText(Path.Join(DataDir, "admin.credential")).Trim();

    public string CaCertificatePem => File.ReadAllText(Path.Join(DataDir, "ca.crt"));

    public static async Task<ControllerProcess> StartAsync(string dataDir, Uri dropbox, string appKey)
    {
        var assembly = BuildOutput.Find("RetroGrid.Controller", "retrogrid-controller.dll", "src/RetroGrid.Controller");
        using (var init = Process.Start(Start(assembly, "init", "--data-dir", dataDir)) ?? throw new InvalidOperationException("Could not start the controller."))
        {
            await init.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
            if (init.ExitCode != 0)
            {
                throw new InvalidOperationException($"retrogrid-controller init exited {init.ExitCode}.");
            }
        }

        var run = Start(assembly, "run", "--data-dir", dataDir, "--port", "0");
        run.Environment["RETROGRID_Dropbox__AppKey"] = appKey;
        run.Environment["RETROGRID_Dropbox__AuthorizeBaseAddress"] = dropbox.AbsoluteUri;
        run.Environment["RETROGRID_Dropbox__ApiBaseAddress"] = dropbox.AbsoluteUri;
        run.Environment["RETROGRID_Dropbox__ContentBaseAddress"] = dropbox.AbsoluteUri;
        var process = Process.Start(run) ?? throw new InvalidOperationException("Could not start the controller.");
        var url = await process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(60))
            ?? throw new InvalidOperationException("The controller ended before printing its address.");
        _ = process.StandardOutput.BaseStream.CopyToAsync(Stream.Null);
        _ = process.StandardError.BaseStream.CopyToAsync(Stream.Null);
        return new ControllerProcess(process, new Uri(url.Trim()), dataDir);
    }

    /// <summary>Resident set size now (VmRSS) or at its peak (VmHWM), in bytes.</summary>
    public long ResidentBytes(bool peak = false)
    {
        var field = peak ? "VmHWM:" : "VmRSS:";
        var line = File.ReadLines($"/proc/{_process.Id}/status").First(l => l.StartsWith(field, StringComparison.Ordinal));
        return long.Parse(line[field.Length..].Trim().Split(' ')[0], NumberStyles.Integer, CultureInfo.InvariantCulture) * 1024;
    }

    public void Dispose()
    {
        _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
        _process.Dispose();
    }

    private static ProcessStartInfo Start(string assembly, params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(assembly);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        return start;
    }
}
