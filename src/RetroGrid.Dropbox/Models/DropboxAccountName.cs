namespace RetroGrid.Dropbox;

/// <summary>Dropbox <c>users.Name</c>.</summary>
public sealed record DropboxAccountName
{
    public string GivenName { get; init; } = string.Empty;

    public string Surname { get; init; } = string.Empty;

    public string FamiliarName { get; init; } = string.Empty;

    public string DisplayName { get; init; } = string.Empty;

    public string AbbreviatedName { get; init; } = string.Empty;
}
