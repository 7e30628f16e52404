namespace RetroGrid.Core.Storage;

/// <summary>
/// Maps (kind, name) to a path relative to the set's folder. Names are lower-case hex (content hashes or random ids),
/// checked here so no name can reach outside its folder.
/// </summary>
public static class BackupObjectNames
{
    public const string ConfigName = "config";

    public static string FolderOf(BackupObjectKind kind) => kind switch
    {
        BackupObjectKind.Config => string.Empty,
        BackupObjectKind.Key => "keys",
        BackupObjectKind.Pack => "packs",
        BackupObjectKind.Index => "index",
        BackupObjectKind.Snapshot => "snapshots",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    /// <summary>The path relative to the set folder, with '/' separators, e.g. <c>packs/3f/3f2a…</c>.</summary>
    public static string RelativePath(BackupObjectKind kind, string name)
    {
        if (kind == BackupObjectKind.Config)
        {
            return name == ConfigName ? ConfigName : throw new ArgumentException("The config object is named 'config'.", nameof(name));
        }

        if (!IsValidName(name))
        {
            throw new ArgumentException("Object names are 2 to 128 lower-case hex digits.", nameof(name));
        }

        return kind == BackupObjectKind.Pack ? $"packs/{name[..2]}/{name}" : $"{FolderOf(kind)}/{name}";
    }

    public static bool IsValidName(string? name) =>
        name is { Length: >= 2 and <= 128 } && name.All(char.IsAsciiHexDigitLower);
}
