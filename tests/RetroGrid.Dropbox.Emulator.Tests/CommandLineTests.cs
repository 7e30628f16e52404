using System.Diagnostics;
using RetroGrid.Testing;

namespace RetroGrid.Dropbox.Emulator.Tests;

public sealed class CommandLineTests
{
    [Fact]
    public void Parse_AllFlags_MapOntoOptions()
    {
        var options = CommandLine.Parse(
        [
            "--port", "8123", "--data-dir", "/tmp/x", "--app-key", "k", "--auto-approve", "--access-token-lifetime", "5",
            "--legacy-token", "t1", "--legacy-token", "t2", "--quota", "1000", "--write-concurrency", "3", "--rate-limit", "10",
            "--fault", "files/upload:http_503:0.5:2", "--fault", "*:latency:20", "--fault-seed", "9",
        ], out var error);

        Assert.Null(error);
        Assert.NotNull(options);
        Assert.Equal(8123, options.Port);
        Assert.Equal("/tmp/x", options.DataDir);
        Assert.Equal("k", options.AppKey);
        Assert.True(options.AutoApprove);
        Assert.Equal(TimeSpan.FromSeconds(5), options.AccessTokenLifetime);
        Assert.Equal(["t1", "t2"], options.LegacyTokens);
        Assert.Equal(1000, options.QuotaBytes);
        Assert.Equal(3, options.WriteConcurrency);
        Assert.Equal(10, options.RequestsPerSecondPerToken);
        Assert.Equal(9, options.FaultSeed);
        Assert.Equal(("files/upload", "http_503", 0.5, (int?)2), (options.Faults[0].Route, options.Faults[0].Fault, options.Faults[0].Probability, options.Faults[0].Count));
        Assert.Equal(("*", "latency", 20), (options.Faults[1].Route, options.Faults[1].Fault, options.Faults[1].LatencyMs));
    }

    [Theory]
    [InlineData("--port", "abc")]
    [InlineData("--fault", "files/upload:explode")]
    [InlineData("--fault", "files/upload:http_500:2")]
    [InlineData("--bogus", "1")]
    [InlineData("--port")]
    public void Parse_InvalidInput_Error(params string[] args)
    {
        Assert.Null(CommandLine.Parse(args, out var error));
        Assert.False(string.IsNullOrEmpty(error));
    }

    [Fact]
    public void Parse_Help_EmptyError()
    {
        Assert.Null(CommandLine.Parse(["--help"], out var error));
        Assert.Equal("", error);
    }

    [Fact]
    public async Task Program_PrintsUrlAsFirstLine_AndServes()
    {
        using var dataDir = new TempDirectory();
        var dll = Path.Combine(AppContext.BaseDirectory, "RetroGrid.Dropbox.Emulator.dll");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { dll, "--port", "0", "--data-dir", dataDir.Path, "--legacy-token", "cli-token" })
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        try
        {
            var url = await process.StandardOutput.ReadLineAsync(EmulatorClient.Ct).AsTask().DefaultTimeout();
            Assert.Matches(@"^http://127\.0\.0\.1:\d+/$", url);
            using var http = new HttpClient { BaseAddress = new Uri(url!) };
            Assert.Equal("""{"status":"ok"}""", await http.GetStringAsync("__emulator/health", EmulatorClient.Ct).DefaultTimeout());
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(EmulatorClient.Ct).DefaultTimeout();
        }
    }
}
