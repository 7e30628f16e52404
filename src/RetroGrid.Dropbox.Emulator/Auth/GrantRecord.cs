namespace RetroGrid.Dropbox.Emulator.Auth;

/// <summary>One approval of the app by the user: its refresh token (offline grants) and scopes.</summary>
internal sealed class GrantRecord
{
    public string Id { get; set; } = "";

    public string? RefreshToken { get; set; }

    public List<string> Scopes { get; set; } = [];
}
