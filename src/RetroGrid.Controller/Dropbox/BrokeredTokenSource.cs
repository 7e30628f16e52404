using RetroGrid.Contracts.V1;
using RetroGrid.Dropbox;

namespace RetroGrid.Controller.Dropbox;

/// <summary>
/// The controller's own Dropbox calls for a set take their tokens from the broker, like agents do; a token Dropbox
/// refused is reported back, so the broker replaces it.
/// </summary>
internal sealed class BrokeredTokenSource(TokenBroker broker, string setId, TokenPurpose purpose) : IDropboxTokenSource
{
    private DropboxAccessToken? _last;

    public async ValueTask<DropboxAccessToken> GetAccessTokenAsync(bool forceRefresh, CancellationToken cancellationToken)
    {
        var rejected = forceRefresh && Volatile.Read(ref _last) is { } last ? TokenBroker.Sha256Of(last) : null;
        var token = await broker.GetAsync(setId, purpose, rejected, cancellationToken);
        Volatile.Write(ref _last, token);
        return token;
    }
}
