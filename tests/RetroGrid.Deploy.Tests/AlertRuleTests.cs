using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace RetroGrid.Deploy.Tests;

/// <summary>
/// What alerts.yml tells the people it wakes: a severity, a summary and a description, and commands that exist
/// (rgctl's per docs/rgctl.md, the service, workload and compose names of deploy/); and each alert has unit tests in
/// alerts.test.yml that see it fire and see it stay quiet.
/// </summary>
public sealed partial class AlertRuleTests
{
    private static readonly JsonNode[] Rules = [.. YamlFile.Load(Repository.Path(DeployedMetricNames.AlertRulesPath))["groups"]!.AsArray()
        .SelectMany(group => group!["rules"]!.AsArray()).Select(rule => rule!)];

    private static IEnumerable<string> AlertNames => Rules.Select(rule => (string)rule["alert"]!);

    [Fact]
    public void Rules_CoverTheFleetsFailures()
    {
        string[] expected = [
            "RetroGridAgentBackupOverdue", "RetroGridSetNeedsReauthorization", "RetroGridTokenRefreshFailing",
            "RetroGridJobErrorRateHigh", "RetroGridSetVerifyFailed", "RetroGridDropboxThrottled",
            "RetroGridSetNotVerifiedRecently", "RetroGridControllerDown"];

        Assert.Equal(expected.Order(StringComparer.Ordinal), AlertNames.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void EveryRule_HasASeverityASummaryAndADescription()
    {
        foreach (var rule in Rules)
        {
            var name = (string)rule["alert"]!;
            Assert.True((string?)rule["labels"]?["severity"] is "critical" or "warning", $"{name}: severity must be critical or warning");
            Assert.False(string.IsNullOrWhiteSpace((string?)rule["annotations"]?["summary"]), $"{name}: no summary");
            Assert.True(((string?)rule["annotations"]?["description"])?.Length > 80, $"{name}: the description must say what to do");
        }
    }

    [Fact]
    public void Annotations_NameOnlyRgctlCommandsThatExist()
    {
        var table = RgctlCommandTable.Load(Repository.Path("docs/rgctl.md"));
        var commands = Rules.SelectMany(rule => Annotations(rule).SelectMany(text => RgctlCommand().Matches(text)))
            .Select(m => m.Groups[1].Value)
            .ToList();

        Assert.True(commands.Count >= 8, $"only {commands.Count} rgctl commands in the annotations");
        Assert.Empty(commands.Select(table.Check).OfType<string>());
    }

    [Fact]
    public void ControllerDown_PointsAtTheDeployedServiceNames()
    {
        var description = (string)Rules.Single(r => (string)r["alert"]! == "RetroGridControllerDown")["annotations"]!["description"]!;
        var compose = YamlFile.Load(Repository.Path("deploy/compose/compose.yaml"));
        var statefulSet = YamlFile.LoadAll(Repository.Path("deploy/kubernetes/statefulset.yaml")).Single()!;
        var kustomization = YamlFile.Load(Repository.Path("deploy/kubernetes/kustomization.yaml"));

        Assert.True(File.Exists(Repository.Path("deploy/systemd/retrogrid-controller.service")));
        Assert.Contains("`systemctl status retrogrid-controller`", description, StringComparison.Ordinal);
        Assert.Contains($"`kubectl -n {kustomization["namespace"]} logs statefulset/{statefulSet["metadata"]!["name"]}`", description, StringComparison.Ordinal);
        Assert.NotNull(compose["services"]!["controller"]);
        Assert.Contains("`docker compose logs controller`", description, StringComparison.Ordinal);
    }

    [Fact]
    public void UnitTests_SeeEveryAlertFireAndStayQuiet()
    {
        var tests = YamlFile.Load(Repository.Path("deploy/prometheus/alerts.test.yml"));
        var checks = tests["tests"]!.AsArray().SelectMany(t => t!["alert_rule_test"]!.AsArray()).Select(c => c!).ToList();

        Assert.Equal(["alerts.yml"], tests["rule_files"]!.AsArray().Select(f => (string)f!));
        foreach (var alert in AlertNames)
        {
            var mine = checks.Where(c => (string)c["alertname"]! == alert).ToList();
            Assert.True(mine.Any(c => c["exp_alerts"]!.AsArray().Count > 0), $"{alert}: no test sees it fire");
            Assert.True(mine.Any(c => c["exp_alerts"]!.AsArray().Count == 0), $"{alert}: no test sees it stay quiet");
        }
    }

    private static IEnumerable<string> Annotations(JsonNode rule) =>
        rule["annotations"]!.AsObject().Select(a => (string)a.Value!);

    [GeneratedRegex("`rgctl ([^`]+)`")]
    private static partial Regex RgctlCommand();
}
