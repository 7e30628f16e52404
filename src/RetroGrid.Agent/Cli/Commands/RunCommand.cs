using System.CommandLine;
using Microsoft.Extensions.Logging;
using RetroGrid.Agent.Service;

namespace RetroGrid.Agent.Cli.Commands;

/// <summary><c>run</c>: the agent service: stays connected to its controller until stopped (Ctrl+C or the service manager).</summary>
internal static class RunCommand
{
    public static Command Create(CommandRunner runner)
    {
        var stateDir = EnrollCommand.StateDirectoryOption();
        var command = new Command("run", "Run the agent: stay connected to the controller and run the jobs it sends.") { stateDir };
        runner.SetAction(command, async (context, cancellationToken) =>
        {
            using var logging = LoggerFactory.Create(builder => builder
                .AddSimpleConsole(console => console.SingleLine = true)
                .AddConsole(console => console.LogToStandardErrorThreshold = LogLevel.Trace));
            var state = new AgentStateDirectory(context.GetValue(stateDir) ?? AgentStateDirectory.DefaultRoot);
            using var session = new ControllerSession(state, AgentVersion.Current, TimeProvider.System, logging.CreateLogger("RetroGrid.Agent"));
            try
            {
                await session.RunAsync(cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                // Stopped: a clean exit, not a failure.
            }

            return ExitCodes.Success;
        });
        return command;
    }
}
