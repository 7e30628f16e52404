using RetroGrid.Quickstart;
using RetroGrid.Testing;

namespace RetroGrid.Controller.Tests;

/// <summary>The README's main command, run as a test: the whole product in one process, verified byte for byte.</summary>
public sealed class QuickstartTests
{
    [Fact]
    public async Task RunAsync_EmptyWorkFolder_BacksUpRestoresAndVerifies()
    {
        using var work = new TempDirectory();
        using var output = new StringWriter();

        var exitCode = await QuickstartRun.RunAsync(work.Path, output, TestContext.Current.CancellationToken).DefaultTimeout();

        var text = output.ToString();
        Assert.True(exitCode == 0, text);
        Assert.Contains("verified          43 files", text, StringComparison.Ordinal);
        Assert.Contains("Quickstart succeeded.", text, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Join(work.Path, "controller", "catalog.db")));
    }
}
