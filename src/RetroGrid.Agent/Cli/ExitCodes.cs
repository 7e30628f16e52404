namespace RetroGrid.Agent.Cli;

/// <summary>The process exit codes of <c>retrogrid-agent</c> (docs/agent-cli.md).</summary>
internal static class ExitCodes
{
    public const int Success = 0;
    public const int Failed = 1;
    public const int Usage = 2;

    /// <summary>The job finished, but some entries were skipped or stored incompletely (see the warnings).</summary>
    public const int Warnings = 3;

    /// <summary><c>check</c> found damaged or missing objects.</summary>
    public const int Damaged = 4;

    /// <summary>Cancelled by Ctrl+C (128 + SIGINT, as shells report it).</summary>
    public const int Cancelled = 130;
}
