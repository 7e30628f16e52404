using System.Text.RegularExpressions;

namespace RetroGrid.Dropbox.Emulator.Protocol;

/// <summary>The path grammars of <c>files.stone</c> (reference §9); a mismatch is a 400, not a route error.</summary>
internal static partial class PathPatterns
{
    public const string Write = @"(/(.|[\r\n])*)|(ns:[0-9]+(/.*)?)";
    public const string WriteOrId = @"(/(.|[\r\n])*)|(ns:[0-9]+(/.*)?)|(id:.*)";
    public const string Read = @"(/(.|[\r\n])*|id:.*)|(rev:[0-9a-f]{9,})|(ns:[0-9]+(/.*)?)";
    public const string RootOrId = @"(/(.|[\r\n])*)?|id:.*|(ns:[0-9]+(/.*)?)";
    public const string PathOrId = @"/(.|[\r\n])*|id:.*|(ns:[0-9]+(/.*)?)";
    public const string Rev = "[0-9a-f]{9,}";

    public static bool IsMatch(string pattern, string value) => pattern switch
    {
        Write => WriteRegex().IsMatch(value),
        WriteOrId => WriteOrIdRegex().IsMatch(value),
        Read => ReadRegex().IsMatch(value),
        RootOrId => RootOrIdRegex().IsMatch(value),
        PathOrId => PathOrIdRegex().IsMatch(value),
        Rev => RevRegex().IsMatch(value),
        _ => throw new ArgumentOutOfRangeException(nameof(pattern)),
    };

    [GeneratedRegex(@"\A(?:" + Write + @")\z", RegexOptions.CultureInvariant)]
    private static partial Regex WriteRegex();

    [GeneratedRegex(@"\A(?:" + WriteOrId + @")\z", RegexOptions.CultureInvariant)]
    private static partial Regex WriteOrIdRegex();

    [GeneratedRegex(@"\A(?:" + Read + @")\z", RegexOptions.CultureInvariant)]
    private static partial Regex ReadRegex();

    [GeneratedRegex(@"\A(?:" + RootOrId + @")\z", RegexOptions.CultureInvariant)]
    private static partial Regex RootOrIdRegex();

    [GeneratedRegex(@"\A(?:" + PathOrId + @")\z", RegexOptions.CultureInvariant)]
    private static partial Regex PathOrIdRegex();

    [GeneratedRegex(@"\A(?:" + Rev + @")\z", RegexOptions.CultureInvariant)]
    private static partial Regex RevRegex();
}
