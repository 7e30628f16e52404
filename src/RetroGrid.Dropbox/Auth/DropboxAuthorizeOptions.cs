namespace RetroGrid.Dropbox;

/// <summary>Choices for the authorize URL (§3.1).</summary>
public sealed class DropboxAuthorizeOptions
{
    /// <summary>Scopes to request; empty means every scope configured on the app.</summary>
    public IReadOnlyList<string> Scopes { get; init; } = [];

    /// <summary>Where Dropbox redirects with the code; null shows the code on a page for the user to paste.</summary>
    public Uri? RedirectUri { get; init; }

    /// <summary><c>offline</c> (default: short-lived token + refresh token), <c>online</c> or <c>legacy</c>.</summary>
    public string TokenAccessType { get; init; } = "offline";

    /// <summary>Force the consent screen even if the user approved before.</summary>
    public bool ForceReapprove { get; init; }

    /// <summary><c>user</c> or <c>team</c>: add the previously granted scopes to the new token (requires <see cref="Scopes"/>).</summary>
    public string? IncludeGrantedScopes { get; init; }
}
