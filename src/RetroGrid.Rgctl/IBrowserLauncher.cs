namespace RetroGrid.Rgctl;

/// <summary>Opens an address in the user's browser: a seam so tests see what would be opened without starting one.</summary>
internal interface IBrowserLauncher
{
    /// <summary>Asks the desktop to open the address; false (never an exception) when there is no browser or it could not be started.</summary>
    bool TryOpen(string url);
}
