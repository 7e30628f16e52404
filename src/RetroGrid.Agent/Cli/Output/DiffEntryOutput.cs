namespace RetroGrid.Agent.Cli.Output;

/// <summary>One changed path: <c>added</c>, <c>removed</c> or <c>modified</c>, with sizes where the path is a file.</summary>
internal sealed record DiffEntryOutput(string Change, string Path, string Kind, long? OldSize, long? NewSize);
