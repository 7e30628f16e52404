namespace RetroGrid.Dropbox.Emulator.Auth;

/// <summary>An authorization code waiting for its single exchange.</summary>
internal sealed class AuthorizationCodeRecord
{
    public string Code { get; set; } = "";

    public string? RedirectUri { get; set; }

    public string? CodeChallenge { get; set; }

    public string? CodeChallengeMethod { get; set; }

    public List<string> Scopes { get; set; } = [];

    /// <summary>online | offline | legacy.</summary>
    public string TokenAccessType { get; set; } = "online";

    public DateTimeOffset ExpiresAt { get; set; }

    public override string ToString() => "authorization code (redacted)";
}
