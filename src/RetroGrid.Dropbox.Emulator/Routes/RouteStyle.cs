namespace RetroGrid.Dropbox.Emulator.Routes;

/// <summary>Dropbox's three route styles (reference §1.3): where the argument comes from.</summary>
internal enum RouteStyle
{
    Rpc,
    Upload,
    Download,
}
