using System.Text.Json.Nodes;

namespace RetroGrid.Deploy.Tests;

/// <summary>
/// deploy/grafana: the provisioning files and dashboards parse, point at each other (data source uids, the dashboards'
/// folder) and at what compose runs and mounts. Their PromQL is checked by promtool (PrometheusToolTests) and their
/// metric names against docs/observability.md (MetricNameTests).
/// </summary>
public sealed class GrafanaTests
{
    private static readonly JsonNode[] DataSources =
        [.. YamlFile.Load(Repository.Path("deploy/grafana/provisioning/datasources/retrogrid.yaml"))["datasources"]!.AsArray().Select(d => d!)];

    private static readonly JsonNode Provider =
        YamlFile.Load(Repository.Path("deploy/grafana/provisioning/dashboards/retrogrid.yaml"))["providers"]!.AsArray().Single()!;

    public static TheoryData<string> Dashboards =>
        [.. Directory.EnumerateFiles(Repository.Path(DeployedMetricNames.DashboardsPath), "*.json").Select(f => Path.GetFileName(f)).Order(StringComparer.Ordinal)];

    [Fact]
    public void Folder_HoldsTheFleetDashboard() => Assert.Contains("retrogrid-fleet.json", Dashboards.Select(d => d.Data));

    [Theory]
    [MemberData(nameof(Dashboards))]
    public void Dashboard_IsWellFormedAndQueriesTheProvisionedPrometheus(string file)
    {
        var dashboard = JsonNode.Parse(File.ReadAllText(Repository.Path($"{DeployedMetricNames.DashboardsPath}/{file}")))!;
        var panels = dashboard["panels"]!.AsArray().Select(p => p!).ToList();
        var datasource = dashboard["templating"]!["list"]!.AsArray().Single(v => (string?)v!["type"] == "datasource")!;
        var prometheusUid = (string)DataSources.Single(d => (string)d["type"]! == "prometheus")["uid"]!;

        Assert.Equal(Path.GetFileNameWithoutExtension(file), (string?)dashboard["uid"]);
        Assert.False(string.IsNullOrWhiteSpace((string?)dashboard["title"]));
        Assert.Equal(("prometheus", prometheusUid), ((string?)datasource["query"], (string?)datasource["current"]!["value"]));
        Assert.Equal(panels.Count, panels.Select(p => (int)p["id"]!).Distinct().Count());
        foreach (var panel in panels)
        {
            var title = (string)panel["title"]!;
            var grid = panel["gridPos"]!;
            Assert.True((int)grid["x"]! + (int)grid["w"]! <= 24, $"{title}: wider than the dashboard");
            if ((string)panel["type"]! == "row")
            {
                continue;
            }

            var targets = panel["targets"]!.AsArray().Select(t => t!).ToList();
            Assert.NotEmpty(targets);
            Assert.Equal($"{title}: ${{{datasource["name"]}}}", $"{title}: {panel["datasource"]!["uid"]}");
            Assert.Equal(targets.Count, targets.Select(t => (string)t["refId"]!).Distinct(StringComparer.Ordinal).Count());
            Assert.All(targets, t => Assert.False(string.IsNullOrWhiteSpace((string?)t["expr"]), $"{title}: a query with no expression"));
            Assert.False(string.IsNullOrWhiteSpace((string?)panel["description"]), $"{title}: no description");
        }
    }

    [Fact]
    public void DataSources_HaveUniqueUidsAndTheExemplarLinkNamesJaeger()
    {
        var uids = DataSources.Select(d => (string)d["uid"]!).ToList();
        var exemplarTarget = (string)DataSources.Single(d => (string)d["type"]! == "prometheus")["jsonData"]!["exemplarTraceIdDestinations"]![0]!["datasourceUid"]!;

        Assert.Equal(uids.Count, uids.Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(["jaeger", "prometheus"], DataSources.Select(d => (string)d["type"]!).Order(StringComparer.Ordinal));
        Assert.Equal("jaeger", (string?)DataSources.Single(d => (string)d["uid"]! == exemplarTarget)["type"]);
    }

    /// <summary>prometheus:9090 and jaeger:16686 are the compose services, on the ports their images serve.</summary>
    [Fact]
    public void DataSources_PointAtTheComposeServices()
    {
        var compose = ComposeFile.Load();
        var prometheus = new Uri((string)DataSources.Single(d => (string)d["type"]! == "prometheus")["url"]!);
        var jaeger = new Uri((string)DataSources.Single(d => (string)d["type"]! == "jaeger")["url"]!);

        Assert.Equal("prometheus", prometheus.Host);
        Assert.Contains($"9090:{prometheus.Port}", ComposeFile.Strings(compose.Service(prometheus.Host)["ports"]));
        Assert.Equal("jaeger", jaeger.Host);
        Assert.Contains($"16686:{jaeger.Port}", ComposeFile.Strings(compose.Service(jaeger.Host)["ports"]));
    }

    [Fact]
    public void Provisioning_PathsAreWhereComposeMountsTheFolders()
    {
        var grafana = ComposeFile.Load().Service("grafana");
        var mounts = ComposeFile.Mounts(grafana);
        var dashboards = mounts.Single(m => ComposeFile.BindSource(m) == Repository.Path(DeployedMetricNames.DashboardsPath));
        var provisioning = mounts.Single(m => ComposeFile.BindSource(m) == Repository.Path("deploy/grafana/provisioning"));
        var home = ComposeFile.Environment(grafana)["GF_DASHBOARDS_DEFAULT_HOME_DASHBOARD_PATH"];

        Assert.Equal("/etc/grafana/provisioning", provisioning.Target);
        Assert.Equal(dashboards.Target, (string?)Provider["options"]!["path"]);
        Assert.Equal("file", (string?)Provider["type"]);
        Assert.StartsWith(dashboards.Target + "/", home, StringComparison.Ordinal);
        Assert.True(File.Exists(Repository.Path($"{DeployedMetricNames.DashboardsPath}/{home[(dashboards.Target.Length + 1)..]}")), home);
    }
}
