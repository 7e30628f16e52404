namespace RetroGrid.Agent.Cli.Output;

internal sealed record DiffOutput(string From, string To, int Added, int Removed, int Modified, IReadOnlyList<DiffEntryOutput> Changes);
