namespace RetroGrid.Agent.Cli;

/// <summary>One rendering of a job's progress: how far along (value of max; max 0 = unknown yet) and a line of text.</summary>
internal readonly record struct ProgressLine(double Value, double Max, string Text);
