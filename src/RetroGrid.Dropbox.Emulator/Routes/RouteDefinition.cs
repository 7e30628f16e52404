namespace RetroGrid.Dropbox.Emulator.Routes;

/// <summary>One API route: its name without "/2/", style, auth kind, required scope and handler.</summary>
internal sealed record RouteDefinition(
    string Name,
    RouteStyle Style,
    RouteAuth Auth,
    string? Scope,
    bool VoidArg,
    Func<ApiCall, Task> Handler);
