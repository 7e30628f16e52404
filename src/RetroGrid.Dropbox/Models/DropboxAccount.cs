namespace RetroGrid.Dropbox;

/// <summary>Dropbox <c>FullAccount</c> from <c>users/get_current_account</c>.</summary>
public sealed record DropboxAccount
{
    public string AccountId { get; init; } = string.Empty;

    public DropboxAccountName Name { get; init; } = new();

    public string Email { get; init; } = string.Empty;

    public bool EmailVerified { get; init; }

    public bool Disabled { get; init; }

    public string? Country { get; init; }

    public string? Locale { get; init; }

    public bool IsPaired { get; init; }

    public DropboxTag AccountType { get; init; } = new();

    public DropboxRootInfo RootInfo { get; init; } = new();
}
