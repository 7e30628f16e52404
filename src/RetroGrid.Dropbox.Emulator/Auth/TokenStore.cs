using RetroGrid.Dropbox.Emulator.Protocol;
using RetroGrid.Dropbox.Emulator.Storage;

namespace RetroGrid.Dropbox.Emulator.Auth;

/// <summary>
/// Codes, grants and access tokens. One lock guards all of it; every change is persisted atomically to
/// tokens.json before the caller answers. Revoking a grant kills its refresh token and every access token minted
/// from it (reference §3.5).
/// </summary>
internal sealed class TokenStore
{
    private static readonly TimeSpan CodeLifetime = TimeSpan.FromMinutes(10);

    private readonly object _sync = new();
    private readonly TimeProvider _time;
    private readonly TimeSpan _accessTokenLifetime;
    private readonly HashSet<string> _legacyTokens;
    private readonly string? _statePath;
    private TokenState _state;

    public TokenStore(EmulatorOptions options, string? dataDir)
    {
        _time = options.TimeProvider;
        _accessTokenLifetime = options.AccessTokenLifetime;
        _legacyTokens = new HashSet<string>(options.LegacyTokens, StringComparer.Ordinal);
        _statePath = dataDir is null ? null : Path.Combine(dataDir, "tokens.json");
        _state = (_statePath is null ? null : AtomicFile.Read(_statePath, PersistenceJsonContext.Default.TokenState)) ?? new TokenState();
    }

    /// <summary>Resolves a bearer token or throws the 401 Dropbox would send.</summary>
    public IReadOnlyList<string> Authenticate(string? token)
    {
        if (string.IsNullOrEmpty(token))
        {
            throw ApiErrorException.Auth(Stone.Tag("invalid_access_token"));
        }

        if (_legacyTokens.Contains(token))
        {
            return Scopes.All;
        }

        lock (_sync)
        {
            var record = _state.AccessTokens.Find(t => t.Token == token)
                ?? throw ApiErrorException.Auth(Stone.Tag("invalid_access_token"));
            if (record.ExpiresAt is { } expiresAt && _time.GetUtcNow() >= expiresAt)
            {
                throw ApiErrorException.Auth(Stone.Tag("expired_access_token"));
            }

            return record.Scopes;
        }
    }

    public string CreateCode(AuthorizationCodeRecord code)
    {
        code.Code = Pkce.RandomToken(32);
        code.ExpiresAt = _time.GetUtcNow() + CodeLifetime;
        lock (_sync)
        {
            _state.Codes.RemoveAll(c => c.ExpiresAt <= _time.GetUtcNow());
            _state.Codes.Add(code);
            Save();
        }

        return code.Code;
    }

    public TokenIssue ExchangeCode(string code, string? redirectUri, string? verifier, bool hasClientSecret)
    {
        lock (_sync)
        {
            var record = _state.Codes.Find(c => c.Code == code);
            if (record is null || record.ExpiresAt <= _time.GetUtcNow())
            {
                throw new OAuthErrorException("invalid_grant", "code doesn't exist or has expired");
            }

            if (!string.Equals(record.RedirectUri, redirectUri, StringComparison.Ordinal))
            {
                throw new OAuthErrorException("invalid_grant", "redirect_uri mismatch");
            }

            if (record.CodeChallenge is not null)
            {
                if (string.IsNullOrEmpty(verifier) || !Pkce.Verify(record.CodeChallenge, record.CodeChallengeMethod ?? "plain", verifier))
                {
                    throw new OAuthErrorException("invalid_grant", "invalid code verifier");
                }
            }
            else if (!hasClientSecret)
            {
                throw new OAuthErrorException("invalid_request", "No auth function available for given request");
            }

            // Single use: a second exchange of the same code is invalid_grant.
            _state.Codes.Remove(record);
            var grant = new GrantRecord { Id = Pkce.RandomToken(12), Scopes = [.. record.Scopes] };
            if (record.TokenAccessType == "offline")
            {
                grant.RefreshToken = Pkce.RandomToken(48);
            }

            _state.Grants.Add(grant);
            var legacy = record.TokenAccessType == "legacy";
            var token = Mint(grant, grant.Scopes, legacy);
            Save();
            return new TokenIssue(token.Token, legacy ? null : _accessTokenLifetime, grant.RefreshToken, grant.Scopes);
        }
    }

    public TokenIssue Refresh(string refreshToken, string? scopeText)
    {
        lock (_sync)
        {
            var grant = _state.Grants.Find(g => g.RefreshToken == refreshToken)
                ?? throw new OAuthErrorException("invalid_grant", "refresh token is invalid or revoked");
            var scopes = grant.Scopes;
            if (scopeText is not null)
            {
                var requested = Scopes.Parse(scopeText);
                if (requested is null || requested.Exists(s => !grant.Scopes.Contains(s, StringComparer.Ordinal)))
                {
                    throw new OAuthErrorException("invalid_scope", "requested scope is not a subset of the granted scopes");
                }

                scopes = requested;
            }

            var token = Mint(grant, scopes, legacy: false);
            Save();
            return new TokenIssue(token.Token, _accessTokenLifetime, null, scopes);
        }
    }

    /// <summary><c>auth/token/revoke</c>: the token, and if it belongs to a grant, the grant with all its tokens.</summary>
    public void Revoke(string token)
    {
        lock (_sync)
        {
            var record = _state.AccessTokens.Find(t => t.Token == token);
            if (record is null)
            {
                return;
            }

            _state.AccessTokens.Remove(record);
            if (record.GrantId is { } grantId)
            {
                _state.Grants.RemoveAll(g => g.Id == grantId);
                _state.AccessTokens.RemoveAll(t => t.GrantId == grantId);
            }

            Save();
        }
    }

    /// <summary>The user unlinked the app: every grant and every token minted from one dies; legacy tokens stay.</summary>
    public void UnlinkAll()
    {
        lock (_sync)
        {
            _state.Grants.Clear();
            _state.AccessTokens.Clear();
            _state.Codes.Clear();
            Save();
        }
    }

    private AccessTokenRecord Mint(GrantRecord grant, List<string> scopes, bool legacy)
    {
        var record = new AccessTokenRecord
        {
            Token = legacy ? Pkce.RandomToken(48) : "sl." + Pkce.RandomToken(96),
            GrantId = grant.Id,
            Scopes = [.. scopes],
            ExpiresAt = legacy ? null : _time.GetUtcNow() + _accessTokenLifetime,
        };
        _state.AccessTokens.Add(record);
        return record;
    }

    private void Save()
    {
        if (_statePath is not null)
        {
            AtomicFile.Write(_statePath, _state, PersistenceJsonContext.Default.TokenState);
        }
    }
}
