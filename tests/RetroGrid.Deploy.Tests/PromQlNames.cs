using System.Text.RegularExpressions;

namespace RetroGrid.Deploy.Tests;

/// <summary>
/// The metric names and label names a PromQL expression uses, found lexically: string literals, ranges and Grafana
/// variables are dropped, label names are taken from matchers and from by/without/on/ignoring/group_* lists, and what
/// is left that is an identifier, neither a keyword nor followed by '(' (a function or an aggregation), is a metric.
/// Syntax is promtool's business (PrometheusToolTests); this only has to be right for valid expressions.
/// </summary>
public static partial class PromQlNames
{
    private static readonly HashSet<string> Keywords = new(StringComparer.Ordinal)
    {
        "and", "or", "unless", "bool", "offset", "atan2", "inf", "nan", "Inf", "NaN",
    };

    /// <summary>The metric names in <paramref name="expression"/>.</summary>
    public static IReadOnlySet<string> Metrics(string expression) => Parse(expression).Metrics;

    /// <summary>The label names in <paramref name="expression"/>'s matchers and grouping lists.</summary>
    public static IReadOnlySet<string> Labels(string expression) => Parse(expression).Labels;

    public static (IReadOnlySet<string> Metrics, IReadOnlySet<string> Labels) Parse(string expression)
    {
        ArgumentNullException.ThrowIfNull(expression);
        var labels = new SortedSet<string>(StringComparer.Ordinal);
        var text = StringLiteral().Replace(expression, "\"\"");
        text = GrafanaVariable().Replace(text, " ");
        text = Range().Replace(text, " ");
        text = Matchers().Replace(text, m =>
        {
            foreach (Match name in MatcherLabel().Matches(m.Groups[1].Value))
            {
                labels.Add(name.Groups[1].Value);
            }

            // A selector with no name before it ({__name__="x"} or {job="y"}) leaves no identifier behind.
            return " ";
        });
        text = Grouping().Replace(text, m =>
        {
            labels.UnionWith(m.Groups[1].Value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
            return " ";
        });
        text = Number().Replace(text, " ");

        var metrics = new SortedSet<string>(StringComparer.Ordinal);
        foreach (Match identifier in Identifier().Matches(text))
        {
            var isCall = identifier.Groups[2].Success;
            if (!isCall && !Keywords.Contains(identifier.Groups[1].Value))
            {
                metrics.Add(identifier.Groups[1].Value);
            }
        }

        return (metrics, labels);
    }

    [GeneratedRegex("\"(?:[^\"\\\\]|\\\\.)*\"|'(?:[^'\\\\]|\\\\.)*'|`[^`]*`")]
    private static partial Regex StringLiteral();

    [GeneratedRegex(@"\$\{[^}]*\}|\$\w+")]
    private static partial Regex GrafanaVariable();

    [GeneratedRegex(@"\[[^\]]*\]")]
    private static partial Regex Range();

    [GeneratedRegex(@"\{([^}]*)\}")]
    private static partial Regex Matchers();

    [GeneratedRegex(@"([a-zA-Z_][a-zA-Z0-9_]*)\s*(?:=~|!~|!=|=)")]
    private static partial Regex MatcherLabel();

    [GeneratedRegex(@"\b(?:by|without|on|ignoring|group_left|group_right)\s*\(([^)]*)\)")]
    private static partial Regex Grouping();

    [GeneratedRegex(@"(?<![A-Za-z0-9_:])[0-9][A-Za-z0-9_.]*")]
    private static partial Regex Number();

    [GeneratedRegex(@"([a-zA-Z_:][a-zA-Z0-9_:]*)(\s*\()?")]
    private static partial Regex Identifier();
}
