namespace RetroGrid.Deploy.Tests;

public sealed class PromQlNamesTests
{
    [Theory]
    [InlineData("up", "up", "")]
    [InlineData("retrogrid_agent_backup_overdue == 1", "retrogrid_agent_backup_overdue", "")]
    [InlineData("retrogrid_sets{retrogrid_link_state=\"needs_reauthorization\"} > 0", "retrogrid_sets", "retrogrid_link_state")]
    [InlineData(
        "histogram_quantile(0.9, sum by (le, route) (rate(retrogrid_dropbox_request_duration_seconds_bucket[$__rate_interval])))",
        "retrogrid_dropbox_request_duration_seconds_bucket", "le,route")]
    [InlineData(
        "sum without (instance) (increase(a_total{outcome!~\"success|by (x)\"}[1h] offset 5m)) / on (job) group_left () b > bool 2e3",
        "a_total,b", "instance,job,outcome")]
    [InlineData("count(x == 1) or vector(0)", "x", "")]
    [InlineData("sum(rate(c_total{set=~\"$set\", job='j'}[5m])) unless d and on(set) e", "c_total,d,e", "job,set")]
    [InlineData("retrogrid_set_verify_age_seconds > 8 * 24 * 3600", "retrogrid_set_verify_age_seconds", "")]
    [InlineData("{__name__=\"hidden\"}", "", "__name__")]
    public void Parse_FindsMetricsAndLabels_NotFunctionsKeywordsNumbersOrStrings(string expression, string metrics, string labels)
    {
        var parsed = PromQlNames.Parse(expression);

        Assert.Equal(Split(metrics), parsed.Metrics);
        Assert.Equal(Split(labels), parsed.Labels);
    }

    [Theory]
    [InlineData("label_values(retrogrid_set_stored_bytes, retrogrid_set_id)", "retrogrid_set_stored_bytes")]
    [InlineData("label_values(up{job=\"x\"}, instance)", "up{job=\"x\"}")]
    [InlineData("query_result(topk(5, a))", "topk(5, a)")]
    [InlineData("label_values(retrogrid_set_id)", null)]
    public void VariableExpression_TakesThePromQlOfAQueryVariable(string query, string? expected)
    {
        var variable = System.Text.Json.Nodes.JsonNode.Parse($$"""{ "type": "query", "query": { "query": {{System.Text.Json.JsonSerializer.Serialize(query)}} } }""")!;

        Assert.Equal(expected, DeployedMetricNames.VariableExpression(variable));
    }

    private static SortedSet<string> Split(string names) =>
        new(names.Split(',', StringSplitOptions.RemoveEmptyEntries), StringComparer.Ordinal);
}
