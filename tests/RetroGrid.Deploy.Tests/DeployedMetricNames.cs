using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace RetroGrid.Deploy.Tests;

/// <summary>
/// The PromQL the deploy files run, and the metric names in it: the alert rules' expressions and the Grafana
/// dashboards' (panel queries and query variables). For comparing with what a controller really serves, and with the
/// metric table of docs/observability.md (<see cref="MetricCatalogue"/>).
/// </summary>
public static partial class DeployedMetricNames
{
    /// <summary>The alert rules, relative to the repository root.</summary>
    public const string AlertRulesPath = "deploy/prometheus/alerts.yml";

    /// <summary>The dashboards' folder, relative to the repository root.</summary>
    public const string DashboardsPath = "deploy/grafana/dashboards";

    /// <summary>Metric names used by the rules (alerting and recording) of a Prometheus rule file.</summary>
    public static IReadOnlySet<string> FromAlertRules(string alertRulesFile) => MetricsIn(AlertRuleExpressions(alertRulesFile));

    /// <summary>Metric names used by every dashboard (*.json) in a folder.</summary>
    public static IReadOnlySet<string> FromDashboards(string dashboardsDirectory) => MetricsIn(DashboardExpressions(dashboardsDirectory));

    public static IReadOnlyList<string> AlertRuleExpressions(string alertRulesFile) =>
        [.. YamlFile.Load(alertRulesFile)["groups"]!.AsArray()
            .SelectMany(group => group!["rules"]!.AsArray())
            .Select(rule => (string)rule!["expr"]!)];

    /// <summary>
    /// Each panel query (rows' nested panels included) and the PromQL of each query variable, as written: Grafana
    /// variables ($__rate_interval, $set) still in them.
    /// </summary>
    public static IReadOnlyList<string> DashboardExpressions(string dashboardsDirectory)
    {
        var expressions = new List<string>();
        foreach (var file in Directory.EnumerateFiles(dashboardsDirectory, "*.json").Order(StringComparer.Ordinal))
        {
            var dashboard = JsonNode.Parse(File.ReadAllText(file))!;
            foreach (var panel in Panels(dashboard["panels"]?.AsArray()))
            {
                expressions.AddRange((panel["targets"]?.AsArray() ?? []).Select(t => (string?)t!["expr"]).OfType<string>());
            }

            foreach (var variable in dashboard["templating"]?["list"]?.AsArray() ?? [])
            {
                if ((string?)variable!["type"] == "query" && VariableExpression(variable) is { } expression)
                {
                    expressions.Add(expression);
                }
            }
        }

        return expressions;
    }

    /// <summary>The PromQL part of a query variable: label_values(EXPR, label), query_result(EXPR), or null.</summary>
    public static string? VariableExpression(JsonNode variable)
    {
        ArgumentNullException.ThrowIfNull(variable);
        var query = variable["query"] is JsonObject structured ? (string?)structured["query"] : (string?)variable["query"];
        var match = VariableQuery().Match(query ?? string.Empty);
        return match.Success ? match.Groups["expr"].Value : null;
    }

    private static SortedSet<string> MetricsIn(IEnumerable<string> expressions) =>
        new(expressions.SelectMany(PromQlNames.Metrics), StringComparer.Ordinal);

    private static IEnumerable<JsonNode> Panels(JsonArray? panels)
    {
        foreach (var panel in panels ?? [])
        {
            yield return panel!;
            foreach (var nested in Panels(panel!["panels"]?.AsArray()))
            {
                yield return nested;
            }
        }
    }

    // label_values(label) alone names no metric; label_names() and metrics(regex) take no PromQL.
    [GeneratedRegex(@"^\s*(?:label_values\((?<expr>.+),\s*[a-zA-Z_][a-zA-Z0-9_]*\s*\)|query_result\((?<expr>.+)\))\s*$")]
    private static partial Regex VariableQuery();
}
