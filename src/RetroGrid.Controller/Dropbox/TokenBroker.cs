using System.Collections.Concurrent;
using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using RetroGrid.Contracts.V1;
using RetroGrid.Controller.Catalog;
using RetroGrid.Controller.Hosting;
using RetroGrid.Controller.Security;
using RetroGrid.Dropbox;

namespace RetroGrid.Controller.Dropbox;

/// <summary>
/// One cached access token per set and purpose, refreshed ahead of expiry and single-flight (however many agents ask
/// at once, one refresh), down-scoped by purpose. A refused refresh (<c>invalid_grant</c>: the app was unlinked)
/// puts the set into "needs re-authorization" and every caller gets that code. Legacy long-lived tokens are handed
/// out as they are.
/// </summary>
internal sealed class TokenBroker(SetRegistry sets, SecretVault vault, DropboxApp app, IOptions<ControllerOptions> options)
{
    private readonly ConcurrentDictionary<(string SetId, TokenPurpose Purpose), Lazy<Task<IDropboxTokenSource>>> _sources = new();

    /// <summary>Scopes of the tokens handed out per purpose: a restore cannot write, a backup cannot delete.</summary>
    public static IReadOnlyList<string> ScopesOf(TokenPurpose purpose) => purpose switch
    {
        TokenPurpose.Backup => ["files.metadata.read", "files.content.read", "files.content.write"],
        TokenPurpose.Restore => ["files.metadata.read", "files.content.read"],
        _ => throw new ArgumentOutOfRangeException(nameof(purpose), purpose, "A token is for a backup or a restore."),
    };

    public async Task<DropboxAccessToken> GetAsync(string setId, TokenPurpose purpose, CancellationToken cancellationToken)
    {
        _ = ScopesOf(purpose);
        var key = (setId, purpose);
        var lazy = _sources.GetOrAdd(key, k => new Lazy<Task<IDropboxTokenSource>>(() => CreateAsync(k.SetId, k.Purpose)));
        IDropboxTokenSource source;
        try
        {
            source = await lazy.Value.WaitAsync(cancellationToken);
        }
        catch (ControllerException)
        {
            // Not cached: the next call reads the catalog again (the set may be linked by then).
            _sources.TryRemove(new KeyValuePair<(string, TokenPurpose), Lazy<Task<IDropboxTokenSource>>>(key, lazy));
            throw;
        }

        try
        {
            return await source.GetAccessTokenAsync(forceRefresh: false, cancellationToken);
        }
        catch (DropboxApiException ex) when (ex.Code == RetroGridErrorCodes.NeedsReauthorization)
        {
            await sets.SetNeedsReauthorizationAsync(setId, CancellationToken.None);
            Forget(setId);
            throw new ControllerException(RetroGridErrorCodes.NeedsReauthorization, "Dropbox refused the set's refresh token.");
        }
    }

    /// <summary>Drops the set's cached tokens (re-link, legacy import, deletion).</summary>
    public void Forget(string setId)
    {
        foreach (var key in _sources.Keys.Where(k => k.SetId == setId))
        {
            _sources.TryRemove(key, out _);
        }
    }

    private async Task<IDropboxTokenSource> CreateAsync(string setId, TokenPurpose purpose)
    {
        var set = await sets.FindAsync(setId, CancellationToken.None) ?? throw new ControllerException(ControllerErrorCodes.SetNotFound, $"No set '{setId}'.");
        try
        {
            return set switch
            {
                { LinkState: LinkState.Linked, SealedRefreshToken: { } sealedToken } => new RefreshingDropboxTokenSource(
                    app.OAuth(), vault.OpenText(SetRecord.RefreshTokenPurpose(set.Id), sealedToken), scopes: [.. ScopesOf(purpose)], timeProvider: options.Value.TimeProvider),
                { LinkState: LinkState.LegacyToken, SealedLegacyToken: { } sealedToken } =>
                    new StaticDropboxTokenSource(vault.OpenText(SetRecord.LegacyTokenPurpose(set.Id), sealedToken)),
                { LinkState: LinkState.NeedsReauthorization } =>
                    throw new ControllerException(RetroGridErrorCodes.NeedsReauthorization, $"Set {set.Id} waits for a re-link."),
                _ => throw new ControllerException(ControllerErrorCodes.SetNotLinked, $"Set {set.Id} is not linked."),
            };
        }
        catch (CryptographicException)
        {
            throw new ControllerException(RetroGridErrorCodes.NeedsReauthorization, $"The stored credentials of set {set.Id} do not open with this controller's key.");
        }
    }
}
