namespace RetroGrid.Agent.Cli;

/// <summary>
/// Gets the set's passphrase from <c>RETROGRID_PASSPHRASE</c>, else <c>--passphrase-file</c>, else a prompt without
/// echo. Never from the command line, where other users could read it in the process list.
/// </summary>
internal static class PassphraseReader
{
    public static string Read(CliConsole console, FileInfo? file, bool confirm)
    {
        if (console.GetEnvironmentVariable(CommonOptions.PassphraseVariable) is { Length: > 0 } fromEnvironment)
        {
            return fromEnvironment;
        }

        if (file is not null)
        {
            return ReadFile(file);
        }

        if (console.ReadSecret is null)
        {
            throw new CliException(AgentErrorCodes.NoPassphrase, "No passphrase: RETROGRID_PASSPHRASE is not set, no --passphrase-file was given, and there is no terminal.");
        }

        var passphrase = console.ReadSecret("Passphrase:");
        if (passphrase.Length == 0)
        {
            throw new CliException(AgentErrorCodes.NoPassphrase, "The passphrase is empty.");
        }

        if (confirm && console.ReadSecret("Repeat the passphrase:") != passphrase)
        {
            throw new CliException(AgentErrorCodes.NoPassphrase, "The two passphrases differ.");
        }

        return passphrase;
    }

    private static string ReadFile(FileInfo file)
    {
        string text;
        try
        {
            text = File.ReadAllText(file.FullName);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new CliException(AgentErrorCodes.LocalIoError, $"Cannot read the passphrase file {file.FullName}: {ex.Message}", ExitCodes.Failed, ex);
        }

        // The first line, without its line break: files written by `echo` end in one.
        var passphrase = text.Split('\n', 2)[0].TrimEnd('\r');
        return passphrase.Length > 0
            ? passphrase
            : throw new CliException(AgentErrorCodes.NoPassphrase, $"The passphrase file {file.FullName} is empty.");
    }
}
