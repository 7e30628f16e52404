namespace RetroGrid.Controller.Hosting;

/// <summary>The Dropbox app the controller links sets with (section "Dropbox" of the settings).</summary>
public sealed class DropboxSettings
{
    /// <summary>The Dropbox app's key (from the App Console). PKCE needs no secret, so there is none anywhere.</summary>
    public string? AppKey { get; set; }

    public Uri AuthorizeBaseAddress { get; set; } = new("https://www.dropbox.com/");

    public Uri ApiBaseAddress { get; set; } = new("https://api.dropboxapi.com/");

    public Uri ContentBaseAddress { get; set; } = new("https://content.dropboxapi.com/");

    /// <summary>
    /// Dropbox sends the browser back to the controller's /oauth/dropbox with the code (register that URL in the App
    /// Console). When false, Dropbox shows the code and IT staff paste it into `rgctl set link`.
    /// </summary>
    public bool RedirectToController { get; set; }
}
