namespace RetroGrid.Dropbox.Emulator.Auth;

/// <summary>What the token endpoint hands out.</summary>
internal sealed record TokenIssue(string AccessToken, TimeSpan? ExpiresIn, string? RefreshToken, IReadOnlyList<string> Scopes);
