namespace RetroGrid.Deploy.Tests;

/// <summary>How a tool ended: its exit code and what it printed (shown whole when a test fails).</summary>
internal sealed record ToolRun(int ExitCode, string Output, string Error)
{
    public override string ToString() => $"exit code {ExitCode}\n--- stdout\n{Output}\n--- stderr\n{Error}";
}
