namespace RetroGrid.Dropbox.Emulator.Auth;

/// <summary>An issued access token; <see cref="GrantId"/> ties it to the grant whose revocation kills it.</summary>
internal sealed class AccessTokenRecord
{
    public string Token { get; set; } = "";

    public string? GrantId { get; set; }

    public List<string> Scopes { get; set; } = [];

    /// <summary>Null for long-lived (legacy) tokens.</summary>
    public DateTimeOffset? ExpiresAt { get; set; }

    public override string ToString() => "access token (redacted)";
}
