using System.Text.RegularExpressions;
using RetroGrid.Contracts.V1;
using RetroGrid.Deploy.Tests;
using RetroGrid.Testing;

namespace RetroGrid.Controller.Tests;

/// <summary>The controller's /metrics: the fleet's figures after real jobs, and every name the deploy files rely on.</summary>
public sealed partial class MetricsEndpointTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AfterABackupAndAVerify_TheFleetMetricsAreServed_AndEveryNameInTheDashboardsAlertsAndDocsIsOne()
    {
        await using var env = await Env.StartAsync(redirect: false);
        using var directory = new TempDirectory();
        var setId = await env.CreateLinkedSetAsync("office");
        var source = Path.Join(directory.Path, "source");
        Directory.CreateDirectory(source);
        File.WriteAllBytes(Path.Join(source, "a.bin"), new Random(9).GetItems<byte>([1, 2, 3], 150_000));
        var admin = env.Controller.Admin();
        await using var agent = await RealAgent.StartAsync(env.Controller, setId, Path.Join(directory.Path, "agent"), source, Ct);

        // Dropbox throttles once, so the 429 and retry counters have a point too.
        await env.Emulator.FailAsync("files/upload_session/start", "too_many_requests", 1);
        var backup = await TestJobs.BackUpAsync(admin, setId, agent.Id);
        Assert.Empty(await TestJobs.VerifyProblemsAsync(admin, setId));
        await admin.SetScheduleAsync(new SetScheduleRequest { Set = setId, Schedule = new Schedule { IntervalSeconds = 3600 } }, cancellationToken: Ct);
        using var browser = env.Controller.Browser();
        var text = await browser.GetStringAsync(new Uri(env.Controller.Host.BaseAddress, "metrics"), Ct).DefaultTimeout();
        var series = Series(text);

        var set = $"retrogrid_set_id=\"{setId}\"";
        Assert.Contains(series, s => s.StartsWith("retrogrid_backup_uploaded_bytes_total{", StringComparison.Ordinal) && s.Contains(set, StringComparison.Ordinal)
            && s.EndsWith($" {backup.Statistics.BytesUploaded}", StringComparison.Ordinal));
        Assert.Contains(series, s => s.StartsWith("retrogrid_job_duration_seconds_count{", StringComparison.Ordinal)
            && s.Contains("retrogrid_job_kind=\"backup\"", StringComparison.Ordinal) && s.Contains("retrogrid_job_outcome=\"succeeded\"", StringComparison.Ordinal));
        Assert.Contains(series, s => s.StartsWith("retrogrid_agent_backup_age_seconds{", StringComparison.Ordinal) && s.Contains($"retrogrid_agent_id=\"{agent.Id}\"", StringComparison.Ordinal));
        Assert.Contains(series, s => s.StartsWith("retrogrid_agent_backup_overdue{", StringComparison.Ordinal) && s.Contains($"retrogrid_agent_id=\"{agent.Id}\"", StringComparison.Ordinal) && s.EndsWith(" 0", StringComparison.Ordinal));
        Assert.Contains(series, s => s.StartsWith("retrogrid_set_verify_problems{", StringComparison.Ordinal) && s.Contains(set, StringComparison.Ordinal) && s.EndsWith(" 0", StringComparison.Ordinal));
        Assert.Contains(series, s => s.StartsWith("retrogrid_token_grants_total{", StringComparison.Ordinal) && s.Contains("retrogrid_token_purpose=\"backup\"", StringComparison.Ordinal));

        // What the dashboards, the alert rules and the metric table name is what the code emits.
        var served = series.Select(s => s[..s.IndexOfAny(['{', ' '])]).ToHashSet(StringComparer.Ordinal);
        served.Add("up"); // Prometheus's own, per target.
        var named = DeployedMetricNames.FromDashboards(Repository.Path(DeployedMetricNames.DashboardsPath))
            .Union(DeployedMetricNames.FromAlertRules(Repository.Path(DeployedMetricNames.AlertRulesPath)))
            .Union(MetricCatalogue.Load(Repository.Path(MetricCatalogue.DocumentPath)).SeriesNames);
        Assert.True(named.Count() > 25, $"only {named.Count()} names found in deploy/ and docs/observability.md");
        Assert.Empty(named.Where(n => !served.Contains(n)).Order(StringComparer.Ordinal));

        // Ids only: no path, no set name, no token.
        Assert.DoesNotContain(directory.Path, text, StringComparison.Ordinal);
        Assert.DoesNotContain("\"office\"", text, StringComparison.Ordinal);
        Assert.DoesNotMatch(@"sl\.[A-Za-z0-9_\-]{40,}", text);
    }

    /// <summary>The sample lines of a Prometheus text exposition (name, labels, value), comments left out.</summary>
    private static List<string> Series(string exposition) =>
        [.. exposition.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#')).Select(l => Timestamp().Replace(l, string.Empty))];

    /// <summary>A sample's optional trailing timestamp.</summary>
    [GeneratedRegex(@" \d{10,}$")]
    private static partial Regex Timestamp();
}
