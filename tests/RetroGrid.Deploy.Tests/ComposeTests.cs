using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace RetroGrid.Deploy.Tests;

/// <summary>
/// deploy/compose: every file compose mounts or builds from exists, every image is pinned, every reference between
/// services holds, and the services' settings agree with each other and with the files they mount (no Docker engine
/// here: this is how the stack is exercised).
/// </summary>
public sealed partial class ComposeTests
{
    private static readonly ComposeFile Compose = ComposeFile.Load();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public void Builds_UseTheRepositoryAsContextAndADockerfileOfDeployDocker()
    {
        var built = Compose.Services.Where(s => s.Value!["build"] is not null).ToList();

        Assert.Equal(["agent", "controller", "controller-init", "emulator", "enroll-token"], built.Select(s => s.Key).Order(StringComparer.Ordinal));
        foreach (var (name, service) in built)
        {
            var context = Path.GetFullPath(Path.Join(ComposeFile.Directory, (string)service!["build"]!["context"]!));
            var dockerfile = Path.GetFullPath(Path.Join(context, (string)service["build"]!["dockerfile"]!));
            Assert.Equal(Path.TrimEndingDirectorySeparator(Repository.Root), Path.TrimEndingDirectorySeparator(context));
            Assert.True(File.Exists(dockerfile), $"{name}: no {dockerfile}");
            Assert.Equal(Repository.Path("deploy/docker"), Path.GetDirectoryName(dockerfile));
            Assert.Matches("^retrogrid/[a-z-]+:dev$", (string)service["image"]!);
        }
    }

    [Fact]
    public void OtherImages_AreDockerHubShortNamesWithPinnedTags()
    {
        var images = Compose.Services.Where(s => s.Value!["build"] is null).ToDictionary(s => s.Key, s => (string)s.Value!["image"]!);

        Assert.Equal(["grafana", "jaeger", "otel-collector", "prometheus"], images.Keys.Order(StringComparer.Ordinal));
        foreach (var (name, image) in images)
        {
            var match = PinnedImage().Match(image);
            Assert.True(match.Success, $"{name}: {image} is not OWNER/NAME:${{VARIABLE:-TAG}}");
            Assert.NotEqual("latest", match.Groups["tag"].Value);
        }

        Assert.Equal(
            ["grafana/grafana", "jaegertracing/all-in-one", "otel/opentelemetry-collector-contrib", "prom/prometheus"],
            images.Values.Select(i => i.Split(':')[0]).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Mounts_BindFilesThatExistAndVolumesThatAreDeclared()
    {
        var declared = Compose.Root["volumes"]!.AsObject().Select(v => v.Key).ToHashSet();
        var used = new HashSet<string>();
        foreach (var (name, service) in Compose.Services)
        {
            foreach (var mount in ComposeFile.Mounts(service!))
            {
                if (ComposeFile.BindSource(mount) is { } source)
                {
                    Assert.True(File.Exists(source) || Directory.Exists(source), $"{name}: {mount.Source} does not exist");
                    Assert.True(mount.ReadOnly, $"{name}: {mount.Source} from the repository must be mounted read-only");
                }
                else
                {
                    Assert.Contains(mount.Source, declared);
                    used.Add(mount.Source);
                }
            }
        }

        Assert.Equal(declared.Order(StringComparer.Ordinal), used.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void EveryFileOfTheFolder_IsMounted()
    {
        var mounted = Compose.Services.SelectMany(s => ComposeFile.Mounts(s.Value!)).Select(ComposeFile.BindSource).OfType<string>().ToHashSet();
        var files = Directory.EnumerateFiles(ComposeFile.Directory).Where(f => Path.GetFileName(f) != "compose.yaml");

        Assert.All(files, file => Assert.Contains(file, mounted));
    }

    [Fact]
    public void ServiceReferences_NameServicesThatExist()
    {
        string[] conditions = ["service_started", "service_healthy", "service_completed_successfully"];
        foreach (var (name, service) in Compose.Services)
        {
            var dependencies = service!["depends_on"] switch
            {
                JsonArray list => list.Select(d => ((string)d!, "service_started")),
                JsonObject map => map.Select(d => (d.Key, (string)d.Value!["condition"]!)),
                _ => [],
            };
            foreach (var (dependency, condition) in dependencies)
            {
                Assert.True(Compose.Services.ContainsKey(dependency), $"{name} depends on {dependency}, which is no service");
                Assert.Contains(condition, conditions);
                if (condition == "service_healthy")
                {
                    Assert.True(HasHealthCheck(Compose.Service(dependency)), $"{name} waits for {dependency} to be healthy, which has no health check");
                }
            }

            if ((string?)service["network_mode"] is { } mode && mode.StartsWith("service:", StringComparison.Ordinal))
            {
                Assert.True(Compose.Services.ContainsKey(mode["service:".Length..]), $"{name}: {mode}");
            }
        }
    }

    [Fact]
    public async Task Entrypoints_RunMountedScriptsThatParse()
    {
        var sh = ExternalTool.Require("sh", "a POSIX shell is part of every Linux system.");
        var scripts = 0;
        foreach (var (name, service) in Compose.Services)
        {
            var entrypoint = ComposeFile.Strings(service!["entrypoint"]);
            if (entrypoint is not ["/bin/sh", var script])
            {
                continue;
            }

            scripts++;
            var mount = ComposeFile.Mounts(service).SingleOrDefault(m => m.Target == script);
            Assert.True(mount is { Type: "bind" }, $"{name} runs {script}, which no bind mount provides");
            var run = await ExternalTool.RunAsync(sh, ["-n", ComposeFile.BindSource(mount)!], ComposeFile.Directory, Ct);
            Assert.True(run.ExitCode == 0, $"{mount.Source}: {run}");
        }

        Assert.Equal(3, scripts);
    }

    [Fact]
    public void Telemetry_GoesToTheCollectorsOtlpReceiverAndOnToJaegerAndPrometheus()
    {
        var collector = YamlFile.Load(Path.Join(ComposeFile.Directory, "otel-collector.yaml"));
        var grpcPort = Port((string)collector["receivers"]!["otlp"]!["protocols"]!["grpc"]!["endpoint"]!);
        var ours = Compose.Services.Where(s => s.Value!["build"] is not null && ComposeFile.Environment(s.Value).ContainsKey("OTEL_SERVICE_NAME")).ToList();
        var serviceNames = ours.Select(s => ComposeFile.Environment(s.Value!)["OTEL_SERVICE_NAME"]).ToList();

        Assert.Equal(["agent", "controller", "emulator"], ours.Select(s => s.Key).Order(StringComparer.Ordinal));
        Assert.Equal(serviceNames.Count, serviceNames.Distinct(StringComparer.Ordinal).Count());
        foreach (var (name, service) in ours)
        {
            var endpoint = new Uri(ComposeFile.Environment(service!)["OTEL_EXPORTER_OTLP_ENDPOINT"]);
            Assert.Equal(("otel-collector", grpcPort), (endpoint.Host, endpoint.Port.ToString(System.Globalization.CultureInfo.InvariantCulture)));
            Assert.Equal("grpc", ComposeFile.Environment(service!)["OTEL_EXPORTER_OTLP_PROTOCOL"]);
        }

        var jaeger = new Uri("tcp://" + (string)collector["exporters"]!["otlp/jaeger"]!["endpoint"]!);
        Assert.Equal("jaeger", jaeger.Host);
        Assert.Equal("true", ComposeFile.Environment(Compose.Service("jaeger"))["COLLECTOR_OTLP_ENABLED"]);

        // The controller's metrics come from its /metrics, not twice.
        var controllerName = ComposeFile.Environment(Compose.Service("controller"))["OTEL_SERVICE_NAME"];
        Assert.Contains(
            $"resource.attributes[\"service.name\"] == \"{controllerName}\"",
            collector["processors"]!["filter/controller-metrics"]!["metrics"]!["metric"]!.AsArray().Select(c => (string)c!));
    }

    [Fact]
    public void CollectorPipelines_UseOnlyComponentsItDefines()
    {
        var collector = YamlFile.Load(Path.Join(ComposeFile.Directory, "otel-collector.yaml"));

        Assert.Equal(["logs", "metrics", "traces"], collector["service"]!["pipelines"]!.AsObject().Select(p => p.Key).Order(StringComparer.Ordinal));
        foreach (var (name, pipeline) in collector["service"]!["pipelines"]!.AsObject())
        {
            foreach (var kind in new[] { "receivers", "processors", "exporters" })
            {
                var defined = collector[kind]!.AsObject().Select(c => c.Key);
                Assert.All(ComposeFile.Strings(pipeline![kind]), component => Assert.True(defined.Contains(component), $"pipeline {name}: {kind} {component} is not defined"));
            }
        }
    }

    [Fact]
    public void Controller_ReachesTheEmulatorOverLoopbackAndIsReachableAsController()
    {
        var emulator = Compose.Service("emulator");
        var controller = Compose.Service("controller");
        var emulatorCommand = ComposeFile.Strings(emulator["command"]);
        var port = emulatorCommand[Array.IndexOf(emulatorCommand, "--port") + 1];
        var settings = ComposeFile.Environment(controller);
        var appKeyDefault = EmulatorAppKey().Match(File.ReadAllText(Repository.Path("src/RetroGrid.Dropbox.Emulator/Hosting/EmulatorOptions.cs"))).Groups[1].Value;

        Assert.Equal("service:emulator", (string?)controller["network_mode"]);
        foreach (var address in new[] { "Dropbox__AuthorizeBaseAddress", "Dropbox__ApiBaseAddress", "Dropbox__ContentBaseAddress" })
        {
            Assert.Equal($"http://127.0.0.1:{port}/", settings[address]);
        }

        Assert.Equal(emulatorCommand.Contains("--app-key") ? emulatorCommand[Array.IndexOf(emulatorCommand, "--app-key") + 1] : appKeyDefault, settings["Dropbox__AppKey"]);
        Assert.Equal(["run", "--data-dir", "/var/lib/retrogrid/data", "--listen", "0.0.0.0"], ComposeFile.Strings(controller["command"]));
        Assert.Contains("controller", ComposeFile.Strings(emulator["networks"]!["default"]!["aliases"]));
        Assert.Contains("7443:7443", ComposeFile.Strings(emulator["ports"]));
        Assert.All(["controller", "enroll-token", "agent"], name => Assert.Equal("service:emulator", (string?)Compose.Service(name)["network_mode"]));
    }

    [Fact]
    public void Prometheus_ReadsTheRepositorysConfigAndRulesAndTheControllersCa()
    {
        var prometheus = Compose.Service("prometheus");
        var mounts = ComposeFile.Mounts(prometheus);
        var config = YamlFile.Load(Repository.Path("deploy/prometheus/prometheus.yml"));
        var configTarget = ComposeFile.Strings(prometheus["command"]).Single(a => a.StartsWith("--config.file=", StringComparison.Ordinal))["--config.file=".Length..];
        var configDirectory = Path.GetDirectoryName(configTarget)!;

        Assert.Equal(Repository.Path("deploy/prometheus/prometheus.yml"), ComposeFile.BindSource(mounts.Single(m => m.Target == configTarget)));
        foreach (var ruleFile in ComposeFile.Strings(config["rule_files"]))
        {
            var mount = mounts.Single(m => m.Target == $"{configDirectory}/{ruleFile}");
            Assert.Equal(Repository.Path($"deploy/prometheus/{ruleFile}"), ComposeFile.BindSource(mount));
        }

        // ca_file is relative to the configuration's folder; controller-init copies the CA into the volume's public/.
        var caFile = (string)ScrapeJob(config, "retrogrid-controller")["tls_config"]!["ca_file"]!;
        var caMount = mounts.Single(m => $"{configDirectory}/{caFile}" == $"{m.Target}/ca.crt");
        var initMount = ComposeFile.Mounts(Compose.Service("controller-init")).Single(m => m.Source == caMount.Source);
        Assert.Equal(("volume", "public"), (caMount.Type, caMount.Subpath));
        Assert.Contains($"{initMount.Target}/{caMount.Subpath}/ca.crt", File.ReadAllText(Path.Join(ComposeFile.Directory, "controller-init.sh")), StringComparison.Ordinal);
    }

    [Fact]
    public void PrometheusTargets_AreComposeServicesOnTheirPorts()
    {
        var config = YamlFile.Load(Repository.Path("deploy/prometheus/prometheus.yml"));
        var collector = YamlFile.Load(Path.Join(ComposeFile.Directory, "otel-collector.yaml"));
        var names = Compose.Services.Select(s => s.Key)
            .Concat(Compose.Services.SelectMany(s => ComposeFile.Strings(s.Value!["networks"]?["default"]?["aliases"])))
            .Append("localhost")
            .ToHashSet();

        string Target(string job) => ComposeFile.Strings(ScrapeJob(config, job)["static_configs"]![0]!["targets"]).Single();
        Assert.All(config["scrape_configs"]!.AsArray(), job => Assert.All(
            ComposeFile.Strings(job!["static_configs"]![0]!["targets"]),
            target => Assert.Contains(target.Split(':')[0], names)));

        // The controller by the name its certificate carries (controller-init.sh: init --host), on its port.
        Assert.Equal("controller:7443", Target("retrogrid-controller"));
        Assert.Contains("--host controller", File.ReadAllText(Path.Join(ComposeFile.Directory, "controller-init.sh")), StringComparison.Ordinal);
        Assert.Equal($"otel-collector:{Port((string)collector["exporters"]!["prometheus"]!["endpoint"]!)}", Target("otel-collector"));
    }

    [Fact]
    public void Agent_EnrollsFromWhatEnrollTokenLeavesAndKeepsItsIdentityOnItsVolume()
    {
        var agentMounts = ComposeFile.Mounts(Compose.Service("agent"));
        var tokenMounts = ComposeFile.Mounts(Compose.Service("enroll-token"));
        var enroll = agentMounts.Single(m => m.Subpath is not null);
        var tokenData = tokenMounts.Single(m => m.Source == enroll.Source);
        var agentScript = File.ReadAllText(Path.Join(ComposeFile.Directory, "agent.sh"));
        var tokenScript = File.ReadAllText(Path.Join(ComposeFile.Directory, "enroll-token.sh"));
        var stateVolume = Dockerfile.Load(Repository.Path("deploy/docker/agent.Dockerfile")).FinalStage.Single(i => i.Keyword == "VOLUME").Arguments;

        Assert.True(enroll.ReadOnly);
        Assert.Contains($"{enroll.Target}/enroll.txt", agentScript, StringComparison.Ordinal);
        Assert.Contains($"dir={tokenData.Target}/{enroll.Subpath}", tokenScript, StringComparison.Ordinal);
        Assert.Contains("out=\"$dir/enroll.txt\"", tokenScript, StringComparison.Ordinal);
        Assert.Contains($"state={stateVolume}", agentScript, StringComparison.Ordinal);
        Assert.Contains(agentMounts, m => m is { Type: "volume", Source: "agent-state" } && m.Target == stateVolume);
    }

    private static JsonNode ScrapeJob(JsonNode config, string name) =>
        config["scrape_configs"]!.AsArray().Single(j => (string)j!["job_name"]! == name)!;

    private static string Port(string endpoint) => endpoint[(endpoint.LastIndexOf(':') + 1)..];

    private static bool HasHealthCheck(JsonNode service) =>
        service["healthcheck"] is not null
        || (service["build"] is { } build && Dockerfile.Load(Path.GetFullPath(Path.Join(ComposeFile.Directory, (string)build["context"]!, (string)build["dockerfile"]!)))
            .FinalStage.Any(i => i.Keyword == "HEALTHCHECK"));

    [GeneratedRegex(@"^[a-z0-9-]+/[a-z0-9-]+:(?:\$\{[A-Z_]+:-(?<tag>[^}]+)\}|(?<tag>[^${}]+))$")]
    private static partial Regex PinnedImage();

    [GeneratedRegex("AppKey \\{ get; set; \\} = \"([^\"]+)\"")]
    private static partial Regex EmulatorAppKey();
}
