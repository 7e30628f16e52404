namespace RetroGrid.Dropbox.Emulator.Auth;

/// <summary>The OAuth scopes the emulated app has (reference §3.6).</summary>
internal static class Scopes
{
    public const string AccountInfoRead = "account_info.read";
    public const string FilesMetadataRead = "files.metadata.read";
    public const string FilesMetadataWrite = "files.metadata.write";
    public const string FilesContentRead = "files.content.read";
    public const string FilesContentWrite = "files.content.write";

    public static readonly IReadOnlyList<string> All =
        [AccountInfoRead, FilesContentRead, FilesContentWrite, FilesMetadataRead, FilesMetadataWrite];

    /// <summary>Parses a space-separated scope list; null when it names a scope the app does not have.</summary>
    public static List<string>? Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return [.. All];
        }

        var result = new List<string>();
        foreach (var scope in text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (!All.Contains(scope, StringComparer.Ordinal))
            {
                return null;
            }

            if (!result.Contains(scope, StringComparer.Ordinal))
            {
                result.Add(scope);
            }
        }

        result.Sort(StringComparer.Ordinal);
        return result;
    }
}
