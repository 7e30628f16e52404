using System.CommandLine;
using RetroGrid.Agent.Cli.Commands;

namespace RetroGrid.Agent.Cli;

/// <summary>The local commands of <c>retrogrid-agent</c>: parses the command line and runs one command.</summary>
internal static class CliApplication
{
    public static Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken) =>
        RunAsync(args, new CliConsole { Out = stdout, Error = stderr }, cancellationToken);

    public static async Task<int> RunAsync(string[] args, CliConsole console, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(console);
        var options = new CommonOptions();
        var root = new RootCommand("RetroGrid agent: back up to and restore from a backup set in a local folder or in Dropbox.");
        options.AddTo(root);
        foreach (var command in CreateCommands(console, options))
        {
            root.Add(command);
        }

        var parseResult = root.Parse(args);
        if (parseResult.Errors.Count > 0)
        {
            var message = string.Join(" ", parseResult.Errors.Select(e => e.Message));
            return ErrorReporter.Write(console, parseResult.GetValue(options.Json), AgentErrorCodes.InvalidArguments, message, ExitCodes.Usage);
        }

        var invocation = new InvocationConfiguration
        {
            Output = console.Out,
            Error = console.Error,

            // Commands handle their own failures and cancellation (ErrorReporter, CommandRunner); Program.cs owns Ctrl+C.
            EnableDefaultExceptionHandler = false,
            ProcessTerminationTimeout = null,
        };
        return await parseResult.InvokeAsync(invocation, cancellationToken);
    }

    private static IEnumerable<Command> CreateCommands(CliConsole console, CommonOptions options)
    {
        var runner = new CommandRunner(console, options);
        yield return InitCommand.Create(runner);
        yield return BackupCommand.Create(runner);
        yield return RestoreCommand.Create(runner);
        yield return SnapshotsCommand.Create(runner);
        yield return LsCommand.Create(runner);
        yield return CheckCommand.Create(runner);
        yield return DiffCommand.Create(runner);
        yield return EnrollCommand.Create(runner);
        yield return RunCommand.Create(runner);
        yield return BackupNowCommand.Create(runner);
    }
}
