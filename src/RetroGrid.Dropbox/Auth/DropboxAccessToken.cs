using System.Globalization;

namespace RetroGrid.Dropbox;

/// <summary>An access token with what is known about it. <see cref="ToString"/> never shows the token.</summary>
public sealed class DropboxAccessToken
{
    public DropboxAccessToken(string value, DateTimeOffset? expiresAt = null, IReadOnlyList<string>? scopes = null, DateTimeOffset? issuedAt = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(value);
        Value = value;
        ExpiresAt = expiresAt;
        Scopes = scopes ?? [];
        IssuedAt = issuedAt;
    }

    /// <summary>The bearer token. A secret: never log it.</summary>
    public string Value { get; }

    /// <summary>When it expires; null for a legacy long-lived token.</summary>
    public DateTimeOffset? ExpiresAt { get; }

    /// <summary>When it was obtained, if known (lets very short lifetimes refresh at half-life instead of at once).</summary>
    public DateTimeOffset? IssuedAt { get; }

    /// <summary>The scopes the token carries, when the token endpoint said so.</summary>
    public IReadOnlyList<string> Scopes { get; }

    /// <summary>A long-lived token without expiry.</summary>
    public bool IsLegacy => ExpiresAt is null;

    public override string ToString() => ExpiresAt is { } expires
        ? string.Create(CultureInfo.InvariantCulture, $"DropboxAccessToken(expires {expires:O}, scopes [{string.Join(' ', Scopes)}])")
        : "DropboxAccessToken(long-lived)";
}
