using RetroGrid.Contracts.V1;
using RetroGrid.Dropbox;

namespace RetroGrid.Controller.Dropbox;

/// <summary>
/// Dropbox clients for the controller's own calls into a set's account (bootstrap, browsing, commits, rebuild,
/// recycle), with tokens from the broker. Their waits — back-off, batch polling — run on real time: the controller's
/// <c>TimeProvider</c> (faked in tests) decides expiries and schedules, not how long Dropbox takes.
/// </summary>
internal sealed class SetDropboxClients(TokenBroker broker, DropboxApp app, IHttpClientFactory httpClients)
{
    public DropboxClient Create(string setId, TokenPurpose purpose) =>
        new(httpClients.CreateClient(nameof(SetDropboxClients)), new BrokeredTokenSource(broker, setId, purpose), app.ClientOptions, TimeProvider.System);
}
