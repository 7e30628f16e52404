namespace RetroGrid.Controller.Catalog;

/// <summary>A PKCE link in flight: the sealed code verifier waits here for the code Dropbox returns.</summary>
internal sealed record LinkAttempt
{
    public required string SetId { get; init; }

    public required string SealedVerifier { get; init; }

    public string? RedirectUri { get; init; }

    public long ExpiresAtMs { get; init; }
}
