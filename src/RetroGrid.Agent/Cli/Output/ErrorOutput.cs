namespace RetroGrid.Agent.Cli.Output;

/// <summary>The JSON document of a failed command.</summary>
internal sealed record ErrorOutput(string Code, string Name, string Message, string NextStep, int ExitCode);
