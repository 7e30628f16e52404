using System.Globalization;
using System.Text;
using RetroGrid.Testing;

namespace RetroGrid.Deploy.Tests;

/// <summary>
/// deploy/prometheus as Prometheus itself reads it: promtool checks the configuration (with the rule files it names),
/// the alert rules, runs the rules' unit tests, and parses every dashboard query. A missing promtool fails the tests.
/// </summary>
public sealed class PrometheusToolTests : IDisposable
{
    private static readonly string PrometheusDirectory = Repository.Path("deploy/prometheus");
    private readonly TempDirectory _temp = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task CheckConfig_PrometheusYml_IsValidWithItsRuleFiles()
    {
        var run = await PromtoolAsync(PrometheusDirectory, "check", "config", "prometheus.yml");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("SUCCESS: 1 rule files found", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CheckRules_AlertsYml_IsValidAndLintFree()
    {
        var run = await PromtoolAsync(PrometheusDirectory, "check", "rules", "--lint=all", "--lint-fatal", "alerts.yml");

        Assert.True(run.ExitCode == 0, run.ToString());
    }

    [Fact]
    public async Task TestRules_AlertsTestYml_EveryCasePasses()
    {
        var run = await PromtoolAsync(PrometheusDirectory, "test", "rules", "alerts.test.yml");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("SUCCESS", run.Output, StringComparison.Ordinal);
    }

    /// <summary>
    /// Every dashboard query, with Grafana's variables given values, as a recording rule: promtool parses each one.
    /// </summary>
    [Fact]
    public async Task CheckRules_DashboardQueries_AreValidPromQl()
    {
        var expressions = DeployedMetricNames.DashboardExpressions(Repository.Path(DeployedMetricNames.DashboardsPath));
        var rules = new StringBuilder("groups:\n  - name: dashboard-queries\n    rules:\n");
        for (var i = 0; i < expressions.Count; i++)
        {
            var expression = expressions[i]
                .Replace("$__rate_interval", "5m", StringComparison.Ordinal)
                .Replace("$__range", "1h", StringComparison.Ordinal)
                .Replace("$__interval", "1m", StringComparison.Ordinal)
                .Replace("$set", ".*", StringComparison.Ordinal);
            rules.Append(CultureInfo.InvariantCulture, $"      - record: dashboard:query_{i}\n        expr: '{expression.Replace("'", "''", StringComparison.Ordinal)}'\n");
        }

        await File.WriteAllTextAsync(Path.Join(_temp.Path, "dashboards.yml"), rules.ToString(), Ct);
        var run = await PromtoolAsync(_temp.Path, "check", "rules", "dashboards.yml");

        Assert.True(expressions.Count >= 30, $"only {expressions.Count} dashboard queries found");
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains($"SUCCESS: {expressions.Count} rules found", run.Output, StringComparison.Ordinal);
    }

    private static Task<ToolRun> PromtoolAsync(string workingDirectory, params string[] arguments) =>
        ExternalTool.RunAsync(
            ExternalTool.Require("promtool", "it comes with Debian's prometheus package (apt-get install prometheus), which .ci/run installs."),
            arguments,
            workingDirectory,
            Ct);
}
