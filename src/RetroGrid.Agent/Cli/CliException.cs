using RetroGrid.Dropbox;

namespace RetroGrid.Agent.Cli;

/// <summary>A failure of the command the user can act on: a code, what went wrong, and the exit code to return.</summary>
internal sealed class CliException : Exception
{
    public CliException(RetroGridErrorCode code, string detail, int exitCode = ExitCodes.Failed, Exception? innerException = null)
        : base(detail, innerException)
    {
        Code = code;
        ExitCode = exitCode;
    }

    public RetroGridErrorCode Code { get; }

    public int ExitCode { get; }
}
