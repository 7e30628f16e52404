using System.Net;
using System.Text.RegularExpressions;
using RetroGrid.Dropbox.Emulator;
using RetroGrid.Quickstart;
using RetroGrid.Testing;

namespace RetroGrid.Controller.Tests;

/// <summary>The README's main command, run as a test: the whole product in one process, verified byte for byte.</summary>
public sealed partial class QuickstartTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task RunAsync_EmptyWorkFolder_BacksUpRestoresAndVerifies()
    {
        using var work = new TempDirectory();
        using var output = new StringWriter();

        var exitCode = await QuickstartRun.RunAsync(new QuickstartOptions { WorkDirectory = work.Path }, output, Ct).DefaultTimeout();

        var text = output.ToString();
        Assert.True(exitCode == 0, text);
        Assert.Contains("verified          43 files", text, StringComparison.Ordinal);
        Assert.Contains("Quickstart succeeded.", text, StringComparison.Ordinal);
        Assert.Contains($"--data-dir {Path.Join(work.Path, "controller")} snapshots quickstart", text, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Join(work.Path, "controller", "catalog.db")));
    }

    [Fact]
    public async Task RunAsync_WithAnAppKeyAndAFolder_LinksByPastedCodeAgainstThatDropbox_AndVerifiesTheFolder()
    {
        // "Dropbox" here is an emulator the test runs: the quickstart starts none of its own when given an app key.
        await using var dropbox = await DropboxEmulatorHost.StartAsync(new EmulatorOptions { AutoApprove = true }, Ct);
        using var work = new TempDirectory();
        var source = Path.Join(work.Path, "my-documents");
        Directory.CreateDirectory(Path.Join(source, "taxes"));
        File.WriteAllText(Path.Join(source, "taxes", "2026.txt"), "receipts");
        File.WriteAllBytes(Path.Join(source, "photo.raw"), new Random(6).GetItems<byte>([0, 1, 2, 3, 250], 100_000));
        using var output = new StringWriter();
        var shown = new List<string>();

        var exitCode = await QuickstartRun.RunAsync(
            new QuickstartOptions
            {
                WorkDirectory = Path.Join(work.Path, "quickstart"),
                Source = source,
                AppKey = new EmulatorOptions().AppKey,
                DropboxAddress = dropbox.BaseAddress,
                Approve = async (url, cancellationToken) =>
                {
                    shown.Add(url);
                    using var browser = new HttpClient();
                    return WebUtility.HtmlDecode(ShownCode().Match(await browser.GetStringAsync(url, cancellationToken)).Groups[1].Value);
                },
            },
            output,
            Ct).DefaultTimeout();

        var text = output.ToString();
        Assert.True(exitCode == 0, text);
        Assert.DoesNotContain("Dropbox emulator", text, StringComparison.Ordinal);
        Assert.StartsWith(dropbox.BaseAddress.AbsoluteUri, Assert.Single(shown), StringComparison.Ordinal);
        Assert.Contains("code_challenge_method=S256", shown[0], StringComparison.Ordinal);
        Assert.Contains("verified          2 files, 100,008 bytes", text, StringComparison.Ordinal);
    }

    [GeneratedRegex("<code id=\"auth-code\">([^<]+)</code>")]
    private static partial Regex ShownCode();
}
