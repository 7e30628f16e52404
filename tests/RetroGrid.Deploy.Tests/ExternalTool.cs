using System.Diagnostics;
using RetroGrid.Testing;

namespace RetroGrid.Deploy.Tests;

/// <summary>A command-line tool the tests run (promtool, sh): found on the PATH, run to its end, its output kept.</summary>
internal static class ExternalTool
{
    /// <summary>The tool's full path; fails the test, saying how to install it, when it is not on the PATH.</summary>
    public static string Require(string name, string howToInstall)
    {
        var found = (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(directory => Path.Join(directory, name))
            .FirstOrDefault(File.Exists);
        Assert.True(found is not null, $"{name} is not on the PATH: {howToInstall}");
        return found;
    }

    public static async Task<ToolRun> RunAsync(string fileName, IEnumerable<string> arguments, string workingDirectory, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {fileName}.");
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        try
        {
            await process.WaitForExitAsync(cancellationToken).DefaultTimeout($"{Path.GetFileName(fileName)} {string.Join(' ', start.ArgumentList)}");
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }

        return new ToolRun(process.ExitCode, await output, await error);
    }
}
