namespace RetroGrid.Agent.Cli.Output;

internal sealed record InitOutput(string Location, string SetId, int FormatVersion);
