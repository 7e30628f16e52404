namespace RetroGrid.Deploy.Tests;

/// <summary>
/// The alert rules and the dashboards use only metrics and labels of the table in docs/observability.md (plus
/// Prometheus's own <c>up</c> and the labels every series or histogram has), and the fleet dashboard shows every
/// metric of that table.
/// </summary>
public sealed class MetricNameTests
{
    /// <summary>Series Prometheus makes itself for each target.</summary>
    private static readonly string[] PrometheusSeries = ["up"];

    /// <summary>Labels every scraped series carries (job, instance) and histogram buckets add (le).</summary>
    private static readonly string[] PrometheusLabels = ["job", "instance", "le"];

    private static readonly MetricCatalogue Catalogue = MetricCatalogue.Load(Repository.Path(MetricCatalogue.DocumentPath));

    [Fact]
    public void Catalogue_ReadsEveryRowOfTheTable()
    {
        Assert.True(Catalogue.Families.Count >= 24, string.Join(", ", Catalogue.Families));
        Assert.Contains("retrogrid_agent_backup_overdue", Catalogue.SeriesNames);
        Assert.Contains("retrogrid_job_duration_seconds_bucket", Catalogue.SeriesNames);
        Assert.Contains("retrogrid_job_duration_seconds_count", Catalogue.SeriesNames);
        Assert.DoesNotContain("retrogrid_job_duration_seconds", Catalogue.SeriesNames);
        Assert.Contains("retrogrid_link_state", Catalogue.LabelNames);
        Assert.Contains("dropbox_route", Catalogue.LabelNames);
        Assert.DoesNotContain("needs_reauthorization", Catalogue.LabelNames);
    }

    [Fact]
    public void AlertRules_UseOnlyDocumentedMetrics()
    {
        var used = DeployedMetricNames.FromAlertRules(Repository.Path(DeployedMetricNames.AlertRulesPath));

        Assert.NotEmpty(used);
        Assert.Empty(used.Except(Catalogue.SeriesNames).Except(PrometheusSeries));
    }

    [Fact]
    public void Dashboards_UseOnlyDocumentedMetrics()
    {
        var used = DeployedMetricNames.FromDashboards(Repository.Path(DeployedMetricNames.DashboardsPath));

        Assert.NotEmpty(used);
        Assert.Empty(used.Except(Catalogue.SeriesNames).Except(PrometheusSeries));
    }

    [Fact]
    public void AlertRulesAndDashboards_UseOnlyDocumentedLabels()
    {
        var expressions = DeployedMetricNames.AlertRuleExpressions(Repository.Path(DeployedMetricNames.AlertRulesPath))
            .Concat(DeployedMetricNames.DashboardExpressions(Repository.Path(DeployedMetricNames.DashboardsPath)));
        var unknown = expressions
            .SelectMany(e => PromQlNames.Labels(e).Select(label => (Label: label, Expression: e)))
            .Where(u => !Catalogue.LabelNames.Contains(u.Label) && !PrometheusLabels.Contains(u.Label))
            .Select(u => $"{u.Label} in {u.Expression}");

        Assert.Empty(unknown);
    }

    /// <summary>A metric nobody can see is a metric nobody watches: each row of the table has a panel.</summary>
    [Fact]
    public void FleetDashboard_ShowsEveryDocumentedMetric()
    {
        var used = DeployedMetricNames.FromDashboards(Repository.Path(DeployedMetricNames.DashboardsPath));

        var missing = Catalogue.Families.Where(family => !Catalogue.SeriesOf(family).Any(used.Contains));

        Assert.Empty(missing);
    }
}
