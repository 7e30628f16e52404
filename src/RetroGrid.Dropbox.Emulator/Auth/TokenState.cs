namespace RetroGrid.Dropbox.Emulator.Auth;

/// <summary>Everything the token store persists (tokens.json).</summary>
internal sealed class TokenState
{
    public List<GrantRecord> Grants { get; set; } = [];

    public List<AccessTokenRecord> AccessTokens { get; set; } = [];

    public List<AuthorizationCodeRecord> Codes { get; set; } = [];
}
