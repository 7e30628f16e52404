using System.CommandLine;
using RetroGrid.Agent.Service;

namespace RetroGrid.Agent.Cli.Commands;

/// <summary><c>enroll</c>: joins this workstation to a controller with a one-time token.</summary>
internal static class EnrollCommand
{
    public static Command Create(CommandRunner runner)
    {
        var controller = new Option<string>("--controller") { Description = "The controller's address, e.g. https://backup.example.org:7443.", Required = true };
        var token = new Option<string>("--token") { Description = "The one-time enrollment token from `rgctl agent enroll-token`.", Required = true };
        var caSha256 = new Option<string>("--ca-sha256") { Description = "SHA-256 of the controller's CA certificate (printed with the token).", Required = true };
        var stateDir = StateDirectoryOption();
        var command = new Command("enroll", "Enroll this workstation with a controller.") { controller, token, caSha256, stateDir };
        runner.SetAction(command, async (context, cancellationToken) =>
        {
            var state = new AgentStateDirectory(context.GetValue(stateDir) ?? AgentStateDirectory.DefaultRoot);
            if (!Uri.TryCreate(context.GetValue(controller), UriKind.Absolute, out var address) || address.Scheme != Uri.UriSchemeHttps)
            {
                throw new CliException(AgentErrorCodes.InvalidArguments, "--controller must be an https:// URL.", ExitCodes.Usage);
            }

            var identity = await AgentEnrollment.EnrollAsync(
                state, address, context.GetValue(token)!, context.GetValue(caSha256)!, AgentVersion.Current, cancellationToken);
            await context.Console.Out.WriteLineAsync($"Enrolled as {identity.AgentId} with {identity.Controller}; identity kept in {state.Root}.");
            await context.Console.Out.WriteLineAsync("Start the agent with `retrogrid-agent run` (or its service).");
            return ExitCodes.Success;
        });
        return command;
    }

    public static Option<string> StateDirectoryOption() =>
        new("--state-dir") { Description = "Where the agent keeps its identity (default: the user's local application data)." };
}
