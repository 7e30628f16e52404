using System.CommandLine;

namespace RetroGrid.Agent.Cli;

/// <summary>Runs a command's body with its context, and turns whatever it throws into a reported error and exit code.</summary>
internal sealed class CommandRunner
{
    private readonly CliConsole _console;
    private readonly CommonOptions _options;

    public CommandRunner(CliConsole console, CommonOptions options)
    {
        _console = console;
        _options = options;
    }

    public void SetAction(Command command, Func<CommandContext, CancellationToken, Task<int>> body) =>
        command.SetAction((parseResult, cancellationToken) => RunAsync(parseResult, body, cancellationToken));

    private async Task<int> RunAsync(ParseResult parseResult, Func<CommandContext, CancellationToken, Task<int>> body, CancellationToken cancellationToken)
    {
        using var context = new CommandContext(_console, parseResult, _options);
        try
        {
            return await body(context, cancellationToken);
        }
        catch (Exception ex)
        {
            return ErrorReporter.Report(_console, context.Json, ex, cancellationToken.IsCancellationRequested);
        }
    }
}
