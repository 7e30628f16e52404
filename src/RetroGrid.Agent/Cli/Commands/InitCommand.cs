using System.CommandLine;
using RetroGrid.Agent.Cli.Output;
using RetroGrid.Core.Repository;

namespace RetroGrid.Agent.Cli.Commands;

/// <summary><c>init</c>: creates a backup set at the target, protected by the passphrase.</summary>
internal static class InitCommand
{
    public static Command Create(CommandRunner runner)
    {
        var command = new Command("init", "Create a new backup set at the target (an empty folder or Dropbox folder).");
        runner.SetAction(command, RunAsync);
        return command;
    }

    private static async Task<int> RunAsync(CommandContext context, CancellationToken cancellationToken)
    {
        var store = context.ConnectStore();
        if (await CommandContext.HoldsSetAsync(store, cancellationToken))
        {
            throw new CliException(AgentErrorCodes.SetAlreadyExists, $"{context.StoreDescription} already holds a backup set.");
        }

        var passphrase = context.ReadPassphrase(confirm: true);
        var set = await BackupSet.InitAsync(store, passphrase, null, new BackupSetOptions(), cancellationToken);
        if (context.Json)
        {
            context.WriteJson(new InitOutput(context.StoreDescription, set.Config.SetId, set.Config.FormatVersion), CliJsonContext.Default.InitOutput);
        }
        else
        {
            await context.Console.Out.WriteLineAsync($"Created backup set {set.Config.SetId} at {context.StoreDescription}.");
            await context.Console.Out.WriteLineAsync("Keep the passphrase safe: without it the data cannot be restored.");
        }

        return ExitCodes.Success;
    }
}
