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
/// out as they are. A caller whose token Dropbox refused (expired early, revoked) names it by its SHA-256: if it is
/// still the cached one, it is replaced once, however many callers report it.
/// </summary>
internal sealed class TokenBroker(SetRegistry sets, SecretVault vault, DropboxApp app, IOptions<ControllerOptions> options)
{
    private readonly ConcurrentDictionary<(string SetId, TokenPurpose Purpose), Lazy<Task<IDropboxTokenSource>>> _sources = new();
    private readonly ConcurrentDictionary<(string SetId, TokenPurpose Purpose), SemaphoreSlim> _replacing = new();
    private readonly ConcurrentDictionary<(string SetId, TokenPurpose Purpose), DateTimeOffset> _issued = new();

    /// <summary>Scopes of the tokens handed out per purpose: a restore cannot write, a backup cannot delete.</summary>
    public static IReadOnlyList<string> ScopesOf(TokenPurpose purpose) => purpose switch
    {
        TokenPurpose.Backup => ["files.metadata.read", "files.content.read", "files.content.write"],
        TokenPurpose.Restore => ["files.metadata.read", "files.content.read"],
        _ => throw new ArgumentOutOfRangeException(nameof(purpose), purpose, "A token is for a backup or a restore."),
    };

    /// <summary>The set's token for <paramref name="purpose"/>; <paramref name="rejectedSha256"/> names one Dropbox just refused (SHA-256 of its UTF-8), or is null.</summary>
    public async Task<DropboxAccessToken> GetAsync(string setId, TokenPurpose purpose, byte[]? rejectedSha256, CancellationToken cancellationToken)
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
            var token = await source.GetAccessTokenAsync(forceRefresh: false, cancellationToken);
            token = rejectedSha256 is not null && Is(token, rejectedSha256) ? await ReplaceAsync(key, source, rejectedSha256, cancellationToken) : token;
            if (token.IssuedAt is { } issuedAt)
            {
                _issued[key] = issuedAt;
            }

            return token;
        }
        catch (DropboxApiException ex) when (ex.Code == RetroGridErrorCodes.NeedsReauthorization)
        {
            await sets.SetNeedsReauthorizationAsync(setId, CancellationToken.None);
            Forget(setId);
            throw new ControllerException(RetroGridErrorCodes.NeedsReauthorization, "Dropbox refused the set's refresh token.");
        }
    }

    public static byte[] Sha256Of(DropboxAccessToken token) => SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(token.Value));

    private static bool Is(DropboxAccessToken token, byte[] sha256) => CryptographicOperations.FixedTimeEquals(Sha256Of(token), sha256);

    /// <summary>One refresh for a refused token: callers reporting it meanwhile get the token that replaced it.</summary>
    private async Task<DropboxAccessToken> ReplaceAsync(
        (string SetId, TokenPurpose Purpose) key, IDropboxTokenSource source, byte[] rejectedSha256, CancellationToken cancellationToken)
    {
        var gate = _replacing.GetOrAdd(key, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken);
        try
        {
            var token = await source.GetAccessTokenAsync(forceRefresh: false, cancellationToken);
            return Is(token, rejectedSha256) ? await source.GetAccessTokenAsync(forceRefresh: true, cancellationToken) : token;
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>When the token last handed out per set and purpose was issued (short-lived tokens only): for the token-age gauge.</summary>
    public IEnumerable<(string SetId, TokenPurpose Purpose, DateTimeOffset IssuedAt)> HandedOut() =>
        _issued.Select(t => (t.Key.SetId, t.Key.Purpose, t.Value));

    /// <summary>Drops the set's cached tokens (re-link, legacy import, deletion).</summary>
    public void Forget(string setId)
    {
        foreach (var key in _sources.Keys.Where(k => k.SetId == setId))
        {
            _sources.TryRemove(key, out _);
            _issued.TryRemove(key, out _);
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
