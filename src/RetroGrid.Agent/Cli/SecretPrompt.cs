using Spectre.Console;

namespace RetroGrid.Agent.Cli;

/// <summary>Reads a secret from the terminal without echoing it.</summary>
internal static class SecretPrompt
{
    public static string Read(string prompt) =>
        AnsiConsole.Prompt(new TextPrompt<string>(Markup.Escape(prompt)).Secret(null));
}
