namespace RetroGrid.Dropbox;

/// <summary>
/// Holds a refresh token and keeps an access token fresh: refreshes proactively <see cref="RefreshMargin"/> before
/// expiry (or at half-life for very short lifetimes) and on demand after <c>expired_access_token</c>. Single-flight:
/// concurrent callers share one refresh, and one caller giving up does not cancel it for the others.
/// </summary>
public sealed class RefreshingDropboxTokenSource : IDropboxTokenSource
{
    private readonly DropboxOAuthClient _oauth;
    private readonly string _refreshToken;
    private readonly IReadOnlyCollection<string>? _scopes;
    private readonly TimeProvider _timeProvider;
    private readonly Lock _gate = new();
    private DropboxAccessToken? _current;
    private Task<DropboxAccessToken>? _refreshing;

    /// <param name="oauth">The token endpoint client.</param>
    /// <param name="refreshToken">The refresh token (a secret).</param>
    /// <param name="initialToken">An access token obtained with the refresh token, if any.</param>
    /// <param name="scopes">Down-scope every refreshed token to these scopes; null for the full grant.</param>
    /// <param name="timeProvider">The clock; <see cref="TimeProvider.System"/> if null.</param>
    public RefreshingDropboxTokenSource(
        DropboxOAuthClient oauth,
        string refreshToken,
        DropboxAccessToken? initialToken = null,
        IReadOnlyCollection<string>? scopes = null,
        TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(oauth);
        ArgumentException.ThrowIfNullOrEmpty(refreshToken);
        _oauth = oauth;
        _refreshToken = refreshToken;
        _current = initialToken;
        _scopes = scopes;
        _timeProvider = timeProvider ?? TimeProvider.System;
    }

    /// <summary>How long before expiry a token is replaced; Dropbox's SDKs use 5 minutes.</summary>
    public TimeSpan RefreshMargin { get; init; } = TimeSpan.FromMinutes(5);

    public async ValueTask<DropboxAccessToken> GetAccessTokenAsync(bool forceRefresh, CancellationToken cancellationToken)
    {
        Task<DropboxAccessToken> refresh;
        lock (_gate)
        {
            if (!forceRefresh && _current is { } current && !NeedsRefresh(current))
            {
                return current;
            }

            refresh = _refreshing ??= RefreshAsync();
        }

        return await refresh.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    public override string ToString() => "RefreshingDropboxTokenSource(" + (_current?.ToString() ?? "no access token yet") + ")";

    private bool NeedsRefresh(DropboxAccessToken token)
    {
        if (token.ExpiresAt is not { } expiresAt)
        {
            // Dropbox SDK rule: with a refresh token at hand, a token of unknown expiry is refreshed first.
            return true;
        }

        var margin = RefreshMargin;
        if (token.IssuedAt is { } issuedAt && (expiresAt - issuedAt) / 2 < margin)
        {
            margin = (expiresAt - issuedAt) / 2;
        }

        return _timeProvider.GetUtcNow() >= expiresAt - margin;
    }

    private async Task<DropboxAccessToken> RefreshAsync()
    {
        try
        {
            // Not the caller's token: a refresh others wait for must not die with the first caller.
            var token = await _oauth.RefreshAccessTokenAsync(_refreshToken, _scopes, CancellationToken.None).ConfigureAwait(false);
            lock (_gate)
            {
                _current = token;
            }

            return token;
        }
        finally
        {
            lock (_gate)
            {
                _refreshing = null;
            }
        }
    }
}
