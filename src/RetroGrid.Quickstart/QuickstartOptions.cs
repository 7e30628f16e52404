namespace RetroGrid.Quickstart;

/// <summary>What the quickstart runs against and on.</summary>
internal sealed class QuickstartOptions
{
    /// <summary>Where everything it makes goes; a new temporary folder when null.</summary>
    public string? WorkDirectory { get; init; }

    /// <summary>The folder to back up; a generated sample workstation when null.</summary>
    public string? Source { get; init; }

    /// <summary>A Dropbox app key: link to a real Dropbox account instead of starting the emulator.</summary>
    public string? AppKey { get; init; }

    /// <summary>With <see cref="AppKey"/>: a Dropbox-compatible server to use instead of Dropbox's own addresses.</summary>
    public Uri? DropboxAddress { get; init; }

    /// <summary>
    /// The person's part of a link with an app key: shown the authorize address, gives back the code Dropbox shows.
    /// Null: print the address and read the code from standard input.
    /// </summary>
    public Func<string, CancellationToken, Task<string>>? Approve { get; init; }
}
