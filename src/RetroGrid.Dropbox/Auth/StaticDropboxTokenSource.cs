namespace RetroGrid.Dropbox;

/// <summary>A fixed token (legacy long-lived, or one handed over for a single job). It cannot refresh.</summary>
public sealed class StaticDropboxTokenSource : IDropboxTokenSource
{
    private readonly DropboxAccessToken _token;

    public StaticDropboxTokenSource(DropboxAccessToken token)
    {
        ArgumentNullException.ThrowIfNull(token);
        _token = token;
    }

    public StaticDropboxTokenSource(string accessToken)
        : this(new DropboxAccessToken(accessToken))
    {
    }

    public ValueTask<DropboxAccessToken> GetAccessTokenAsync(bool forceRefresh, CancellationToken cancellationToken) =>
        ValueTask.FromResult(_token);

    public override string ToString() => "StaticDropboxTokenSource(" + _token + ")";
}
