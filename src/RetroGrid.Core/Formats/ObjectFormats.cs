namespace RetroGrid.Core.Formats;

/// <summary>The magic and version of every object kind of format version 1 (docs/format.md).</summary>
internal static class ObjectFormats
{
    /// <summary>The version of the backup set format as a whole, stored in the set's config.</summary>
    public const int SetFormatVersion = 1;

    public static ObjectFormat Config { get; } = new("RGCF", 1);

    public static ObjectFormat Tree { get; } = new("RGTR", 1);

    public static ObjectFormat Snapshot { get; } = new("RGSN", 1);

    public static ObjectFormat IndexFile { get; } = new("RGIX", 1);

    public static ObjectFormat Pack { get; } = new("RGPK", 1);
}
