namespace RetroGrid.Agent.Cli;

/// <summary>A reference holder for a struct progress report, so the display can sample it atomically.</summary>
internal sealed record Box<T>(T Value)
    where T : struct;
