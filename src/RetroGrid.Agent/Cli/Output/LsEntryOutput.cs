namespace RetroGrid.Agent.Cli.Output;

internal sealed record LsEntryOutput(
    string Path, string Kind, string Mode, string User, string Group, long Size, DateTimeOffset Mtime, string? LinkTarget);
