using RetroGrid.Contracts.V1;
using RetroGrid.Dropbox;

namespace RetroGrid.Controller.Dropbox;

/// <summary>The controller's own Dropbox calls for a set take their tokens from the broker, like agents do.</summary>
internal sealed class BrokeredTokenSource(TokenBroker broker, string setId, TokenPurpose purpose) : IDropboxTokenSource
{
    public async ValueTask<DropboxAccessToken> GetAccessTokenAsync(bool forceRefresh, CancellationToken cancellationToken) =>
        await broker.GetAsync(setId, purpose, cancellationToken);
}
