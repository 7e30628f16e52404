using System.CommandLine;
using RetroGrid.Agent.Service;

namespace RetroGrid.Agent.Cli.Commands;

/// <summary>
/// <c>run</c>: the agent service: stays connected to its controller until stopped (Ctrl+C, SIGTERM or the service
/// manager). The Generic Host lives behind <see cref="AgentHost"/>, so that only this command pays for loading it.
/// </summary>
internal static class RunCommand
{
    public static Command Create(CommandRunner runner)
    {
        var stateDir = EnrollCommand.StateDirectoryOption();
        var command = new Command("run", "Run the agent: stay connected to the controller and run the jobs it sends.") { stateDir };
        runner.SetAction(command, (context, cancellationToken) =>
            AgentHost.RunAsync(new AgentStateDirectory(context.GetValue(stateDir) ?? AgentStateDirectory.DefaultRoot), cancellationToken));
        return command;
    }
}
