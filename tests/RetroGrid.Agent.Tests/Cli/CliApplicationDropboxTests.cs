using RetroGrid.Dropbox.Emulator;
using RetroGrid.Testing;

namespace RetroGrid.Agent.Cli.Tests;

/// <summary>The local commands against a set in the Dropbox emulator (real loopback HTTP), token from the environment.</summary>
public sealed class CliApplicationDropboxTests : IAsyncLifetime
{
    private const string Token = "agent-tests-token";
    private readonly TempDirectory _temp = new();
    private readonly AgentHarness _agent = new();
    private DropboxEmulatorHost? _emulator;

    public async ValueTask InitializeAsync()
    {
        var options = new EmulatorOptions();
        options.LegacyTokens.Add(Token);
        _emulator = await DropboxEmulatorHost.StartAsync(options, TestContext.Current.CancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        if (_emulator is not null)
        {
            await _emulator.DisposeAsync();
        }

        _temp.Dispose();
    }

    [Fact]
    public async Task InitBackupRestore_DropboxFolder_RestoresIdenticalTree()
    {
        var source = SourceTree.Create(_temp.Path);
        string[] target = ["--dropbox-url", _emulator!.BaseAddress.ToString(), "--dropbox-folder", "/RetroGrid/cli"];
        _agent[CommonOptions.DropboxTokenVariable] = Token;

        await _agent.RunExpectingAsync(ExitCodes.Success, ["init", .. target]);
        await _agent.RunExpectingAsync(ExitCodes.Success, ["backup", .. target, source]);
        var restored = Path.Combine(_temp.Path, "restored");
        await _agent.RunExpectingAsync(ExitCodes.Success, ["restore", .. target, "latest", "--target", restored]);

        Assert.Equal(SourceTree.Fingerprint(source), SourceTree.Fingerprint(Path.Combine(restored, "data")));
        var check = await _agent.RunExpectingAsync(ExitCodes.Success, ["check", .. target, "--read-data"]);
        Assert.Contains("No problems found.", check.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Snapshots_BadToken_ReportsDropboxCodeWithoutTheToken()
    {
        const string badToken = "not-a-valid-token-1234";
        string[] target = ["--dropbox-url", _emulator!.BaseAddress.ToString(), "--dropbox-folder", "/RetroGrid/cli", "--dropbox-token", badToken];

        var run = await _agent.RunExpectingAsync(ExitCodes.Failed, ["init", .. target]);

        Assert.StartsWith("retrogrid-agent: RG1001 NeedsReauthorization: ", run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain(badToken, run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain(badToken, run.Out, StringComparison.Ordinal);
    }
}
