namespace RetroGrid.Agent.Cli.Output;

internal sealed record LsOutput(string Snapshot, IReadOnlyList<LsEntryOutput> Entries);
