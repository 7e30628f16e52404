using System.Text.RegularExpressions;

namespace RetroGrid.Deploy.Tests;

/// <summary>
/// The metric table of docs/observability.md, the names the deploy files may use: each row's Prometheus name (a
/// histogram's as its _bucket, _sum and _count series) and the label names its attributes become.
/// </summary>
public sealed partial class MetricCatalogue
{
    /// <summary>The file, relative to the repository root.</summary>
    public const string DocumentPath = "docs/observability.md";

    private readonly Dictionary<string, IReadOnlyList<string>> _seriesOfFamily;

    private MetricCatalogue(Dictionary<string, IReadOnlyList<string>> seriesOfFamily, IReadOnlySet<string> labelNames)
    {
        _seriesOfFamily = seriesOfFamily;
        Families = [.. seriesOfFamily.Keys];
        SeriesNames = new SortedSet<string>(seriesOfFamily.Values.SelectMany(s => s), StringComparer.Ordinal);
        LabelNames = labelNames;
    }

    /// <summary>One entry per row: the Prometheus name, a histogram's without its suffix.</summary>
    public IReadOnlyList<string> Families { get; }

    /// <summary>The names series carry in Prometheus: counters and gauges as they are, histograms with each suffix.</summary>
    public IReadOnlySet<string> SeriesNames { get; }

    /// <summary>Attribute names as labels (dots to underscores).</summary>
    public IReadOnlySet<string> LabelNames { get; }

    /// <summary>The series names of one row: the family itself, or a histogram's _bucket, _sum and _count.</summary>
    public IReadOnlyList<string> SeriesOf(string family) => _seriesOfFamily[family];

    public static MetricCatalogue Load(string markdownPath)
    {
        var families = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        var labels = new SortedSet<string>(StringComparer.Ordinal);
        var inTable = false;
        foreach (var line in File.ReadLines(markdownPath))
        {
            if (!line.StartsWith('|'))
            {
                inTable = false;
                continue;
            }

            var cells = line.Split('|');
            if (cells.Length < 6)
            {
                continue;
            }

            if (cells[^2].Trim() == "Prometheus name")
            {
                inTable = true;
                continue;
            }

            if (!inTable || cells[^2].TrimStart().StartsWith("---", StringComparison.Ordinal))
            {
                continue;
            }

            var name = cells[^2].Trim().Trim('`');
            var histogram = HistogramSuffixes().Match(name);
            if (histogram.Success)
            {
                var family = name[..histogram.Index];
                families.Add(family, [.. histogram.Groups[1].Value.Split(',').Select(suffix => $"{family}_{suffix.Trim()}")]);
            }
            else
            {
                families.Add(name, [name]);
            }

            // `retrogrid.job.kind` (`backup`, `restore`, …): the values in parentheses are not names.
            var attributes = Parenthesised().Replace(cells[^3], string.Empty);
            labels.UnionWith(Backticked().Matches(attributes).Select(m => m.Groups[1].Value.Replace('.', '_')));
        }

        if (families.Count == 0)
        {
            throw new InvalidDataException($"{markdownPath} has no table with a \"Prometheus name\" column.");
        }

        return new MetricCatalogue(families, labels);
    }

    [GeneratedRegex(@"_\{([a-z_,]+)\}$")]
    private static partial Regex HistogramSuffixes();

    [GeneratedRegex(@"\([^)]*\)")]
    private static partial Regex Parenthesised();

    [GeneratedRegex("`([^`]+)`")]
    private static partial Regex Backticked();
}
