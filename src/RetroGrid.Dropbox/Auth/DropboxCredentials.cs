namespace RetroGrid.Dropbox;

/// <summary>
/// What linking a Dropbox account yields: a short-lived access token with expiry and a refresh token, or a legacy
/// long-lived token (no expiry, no refresh). <see cref="ToString"/> never shows secrets.
/// </summary>
public sealed class DropboxCredentials
{
    public DropboxCredentials(DropboxAccessToken accessToken, string? refreshToken, string? accountId = null, string? uid = null, string? teamId = null)
    {
        ArgumentNullException.ThrowIfNull(accessToken);
        AccessToken = accessToken;
        RefreshToken = refreshToken;
        AccountId = accountId;
        Uid = uid;
        TeamId = teamId;
    }

    public DropboxAccessToken AccessToken { get; }

    /// <summary>The refresh token (a secret); null for online or legacy tokens.</summary>
    public string? RefreshToken { get; }

    public string? AccountId { get; }

    public string? Uid { get; }

    public string? TeamId { get; }

    /// <summary>True for an imported long-lived token that can neither expire nor be refreshed.</summary>
    public bool IsLegacy => RefreshToken is null && AccessToken.IsLegacy;

    /// <summary>Credentials for an imported legacy long-lived token.</summary>
    public static DropboxCredentials FromLegacyToken(string accessToken) => new(new DropboxAccessToken(accessToken), null);

    /// <summary>The token source these credentials allow: refreshing when there is a refresh token, static otherwise.</summary>
    public IDropboxTokenSource CreateTokenSource(DropboxOAuthClient oauthClient, TimeProvider? timeProvider = null) =>
        RefreshToken is null
            ? new StaticDropboxTokenSource(AccessToken)
            : new RefreshingDropboxTokenSource(oauthClient, RefreshToken, AccessToken, scopes: null, timeProvider);

    public override string ToString() =>
        $"DropboxCredentials(account {AccountId ?? "?"}, {(RefreshToken is null ? "no refresh token" : "refresh token present")}, {AccessToken})";
}
