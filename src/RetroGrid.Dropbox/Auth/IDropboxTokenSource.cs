namespace RetroGrid.Dropbox;

/// <summary>
/// Where the client gets its access token: refreshed here from a refresh token, a fixed legacy token, or (on an
/// agent) handed out by the controller.
/// </summary>
public interface IDropboxTokenSource
{
    /// <summary>
    /// Returns a token valid for a call now. With <paramref name="forceRefresh"/> the current token was refused as
    /// expired: return a fresh one if possible (concurrent callers should share one refresh).
    /// </summary>
    ValueTask<DropboxAccessToken> GetAccessTokenAsync(bool forceRefresh, CancellationToken cancellationToken);
}
