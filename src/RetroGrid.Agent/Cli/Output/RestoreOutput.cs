namespace RetroGrid.Agent.Cli.Output;

internal sealed record RestoreOutput(
    string Snapshot, string Target, long Files, long Directories, long Bytes, IReadOnlyList<string> Warnings, IReadOnlyList<string> Failures);
