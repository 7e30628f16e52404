using System.Text;
using System.Text.RegularExpressions;

namespace RetroGrid.Core.Backup;

/// <summary>
/// A path glob: <c>*</c> matches within one path component, <c>?</c> one character other than '/', <c>**</c> any
/// number of components. Matching is ordinal and whole-string. Shared by backup excludes and restore includes.
/// </summary>
internal sealed class PathGlob
{
    private static readonly TimeSpan MatchTimeout = TimeSpan.FromSeconds(1);

    private readonly Regex _regex;

    public PathGlob(string pattern)
    {
        ArgumentException.ThrowIfNullOrEmpty(pattern);
        Pattern = pattern;
        HasSeparator = pattern.Contains('/', StringComparison.Ordinal);
        _regex = new Regex(ToRegex(pattern), RegexOptions.CultureInvariant | RegexOptions.Singleline, MatchTimeout);
    }

    public string Pattern { get; }

    /// <summary>True when the pattern names a path rather than a single name.</summary>
    public bool HasSeparator { get; }

    public bool IsMatch(string path) => _regex.IsMatch(path);

    private static string ToRegex(string pattern)
    {
        var builder = new StringBuilder("^");
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            if (c == '*' && i + 1 < pattern.Length && pattern[i + 1] == '*')
            {
                // "**/" also matches no component at all, so "a/**/b" matches "a/b".
                var slash = i + 2 < pattern.Length && pattern[i + 2] == '/';
                builder.Append(slash ? "(?:.*/)?" : ".*");
                i += slash ? 2 : 1;
            }
            else if (c == '*')
            {
                builder.Append("[^/]*");
            }
            else if (c == '?')
            {
                builder.Append("[^/]");
            }
            else
            {
                builder.Append(Regex.Escape(c.ToString()));
            }
        }

        return builder.Append('$').ToString();
    }
}
