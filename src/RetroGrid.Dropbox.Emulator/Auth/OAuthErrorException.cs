namespace RetroGrid.Dropbox.Emulator.Auth;

/// <summary>An RFC 6749 §5.2 token-endpoint error: status 400, <c>{"error":…,"error_description":…}</c>.</summary>
internal sealed class OAuthErrorException(string error, string description) : Exception(description)
{
    public string Error { get; } = error;

    public string Description { get; } = description;
}
