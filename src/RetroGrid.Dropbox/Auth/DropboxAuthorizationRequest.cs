namespace RetroGrid.Dropbox;

/// <summary>
/// One pending authorization: the URL to show the user, plus the verifier and state to keep until the code comes
/// back. <see cref="ToString"/> hides the verifier.
/// </summary>
public sealed class DropboxAuthorizationRequest
{
    public DropboxAuthorizationRequest(Uri authorizeUri, string codeVerifier, string state, Uri? redirectUri)
    {
        AuthorizeUri = authorizeUri;
        CodeVerifier = codeVerifier;
        State = state;
        RedirectUri = redirectUri;
    }

    /// <summary>The URL to open in a browser.</summary>
    public Uri AuthorizeUri { get; }

    /// <summary>The PKCE code verifier (a secret until the exchange).</summary>
    public string CodeVerifier { get; }

    /// <summary>The <c>state</c> value the redirect must echo.</summary>
    public string State { get; }

    /// <summary>The redirect URI used, which the code exchange must repeat.</summary>
    public Uri? RedirectUri { get; }

    public override string ToString() => $"DropboxAuthorizationRequest({AuthorizeUri.GetLeftPart(UriPartial.Path)})";
}
