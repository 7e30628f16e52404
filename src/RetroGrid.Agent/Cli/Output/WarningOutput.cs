namespace RetroGrid.Agent.Cli.Output;

internal sealed record WarningOutput(string Path, string Kind, string Message);
