namespace RetroGrid.Agent.Cli;

/// <summary>
/// The process's outside world as the commands see it — output streams, whether a person is watching, environment
/// variables, secret prompts and the clock — so tests run the whole program in-process with their own.
/// </summary>
internal sealed class CliConsole
{
    public required TextWriter Out { get; init; }

    public required TextWriter Error { get; init; }

    /// <summary>True when stdout is a terminal: live progress bars and tables instead of plain lines.</summary>
    public bool IsTerminal { get; init; }

    public Func<string, string?> GetEnvironmentVariable { get; init; } = static _ => null;

    /// <summary>Asks for a secret without echo (prompt text in); null when there is no terminal to ask on.</summary>
    public Func<string, string>? ReadSecret { get; init; }

    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    public static CliConsole FromProcess()
    {
        var interactive = !Console.IsInputRedirected && !Console.IsOutputRedirected;
        return new CliConsole
        {
            Out = Console.Out,
            Error = Console.Error,
            IsTerminal = !Console.IsOutputRedirected,
            GetEnvironmentVariable = Environment.GetEnvironmentVariable,
            ReadSecret = interactive ? SecretPrompt.Read : null,
        };
    }
}
