namespace RetroGrid.Dropbox;

/// <summary>Dropbox <c>WriteMode</c>: <c>"add"</c>, <c>"overwrite"</c> or <c>{".tag":"update","update":rev}</c>.</summary>
public sealed record DropboxWriteMode
{
    private DropboxWriteMode(string tag, string? rev)
    {
        Tag = tag;
        Rev = rev;
    }

    /// <summary>Never overwrite: a different file at the path is a conflict.</summary>
    public static DropboxWriteMode Add { get; } = new("add", null);

    /// <summary>Always replace the file at the path.</summary>
    public static DropboxWriteMode Overwrite { get; } = new("overwrite", null);

    public string Tag { get; }

    /// <summary>The expected current revision, for <see cref="Update"/> only.</summary>
    public string? Rev { get; }

    /// <summary>Replace only if the file's current revision is <paramref name="rev"/>.</summary>
    public static DropboxWriteMode Update(string rev)
    {
        ArgumentException.ThrowIfNullOrEmpty(rev);
        return new("update", rev);
    }

    internal static DropboxWriteMode FromTag(string tag, string? rev) => tag switch
    {
        "add" => Add,
        "overwrite" => Overwrite,
        _ => new(tag, rev),
    };
}
