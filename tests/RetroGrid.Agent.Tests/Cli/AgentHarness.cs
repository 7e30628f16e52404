namespace RetroGrid.Agent.Cli.Tests;

/// <summary>Runs <c>retrogrid-agent</c> in-process with its own environment (passphrase, token), no terminal.</summary>
internal sealed class AgentHarness
{
    public const string Passphrase = "correct horse battery staple";
    private readonly Dictionary<string, string> _environment = new(StringComparer.Ordinal) { [CommonOptions.PassphraseVariable] = Passphrase };

    public string? this[string variable]
    {
        set
        {
            if (value is null)
            {
                _environment.Remove(variable);
            }
            else
            {
                _environment[variable] = value;
            }
        }
    }

    public Task<CliRun> RunAsync(params string[] args) => RunAsync(TestContext.Current.CancellationToken, args);

    public async Task<CliRun> RunAsync(CancellationToken cancellationToken, params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var console = new CliConsole
        {
            Out = stdout,
            Error = stderr,
            GetEnvironmentVariable = name => _environment.GetValueOrDefault(name),
        };
        var exitCode = await CliApplication.RunAsync(args, console, cancellationToken);
        return new CliRun(exitCode, stdout.ToString(), stderr.ToString());
    }

    /// <summary>Runs and asserts the exit code, showing the whole output when it differs.</summary>
    public async Task<CliRun> RunExpectingAsync(int exitCode, params string[] args)
    {
        var run = await RunAsync(args);
        Assert.True(run.ExitCode == exitCode, $"expected exit {exitCode} from `{string.Join(' ', args)}`; got {run}");
        return run;
    }
}
