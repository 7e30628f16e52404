namespace RetroGrid.Dropbox.Tests;

/// <summary>Hands out token-1, then token-2, … each time a refresh is forced.</summary>
public sealed class FakeTokenSource : IDropboxTokenSource
{
    private int _generation = 1;

    public int ForcedRefreshes { get; private set; }

    public ValueTask<DropboxAccessToken> GetAccessTokenAsync(bool forceRefresh, CancellationToken cancellationToken)
    {
        if (forceRefresh)
        {
            ForcedRefreshes++;
            _generation++;
        }

        return ValueTask.FromResult(new DropboxAccessToken("token-" + _generation, DateTimeOffset.MaxValue));
    }
}
