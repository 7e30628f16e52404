using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace RetroGrid.Deploy.Tests;

/// <summary>
/// deploy/kubernetes: the manifests parse, the kustomization lists exactly them, and their references hold: selectors
/// and labels, Services and the StatefulSet's ports, the ConfigMap, the ServiceAccount, the volume claim; the
/// controller runs as the image expects, non-root, with probes and limits, and its settings are ones it reads.
/// No cluster here: `kubectl kustomize deploy/kubernetes` renders them where kubectl is installed.
/// </summary>
public sealed partial class KubernetesTests
{
    private static readonly string Folder = Repository.Path("deploy/kubernetes");

    private static readonly JsonNode Kustomization = YamlFile.Load(Path.Join(Folder, "kustomization.yaml"));

    private static readonly JsonNode[] Objects =
        [.. ComposeFile.Strings(Kustomization["resources"]).SelectMany(f => YamlFile.LoadAll(Path.Join(Folder, f))).OfType<JsonNode>()];

    private static JsonNode StatefulSet => Single("StatefulSet");

    private static JsonNode PodSpec => StatefulSet["spec"]!["template"]!["spec"]!;

    private static JsonNode Controller => PodSpec["containers"]!.AsArray().Single()!;

    [Fact]
    public void Kustomization_ListsEveryManifestOfTheFolderAndItsNamespace()
    {
        var manifests = Directory.EnumerateFiles(Folder, "*.yaml").Select(Path.GetFileName).Where(f => f != "kustomization.yaml");

        Assert.Equal(manifests.Order(StringComparer.Ordinal), ComposeFile.Strings(Kustomization["resources"]).Order(StringComparer.Ordinal));
        Assert.Equal((string)Single("Namespace")["metadata"]!["name"]!, (string?)Kustomization["namespace"]);
        Assert.Contains((string)Controller["image"]!, Kustomization["images"]!.AsArray().Select(i => (string)i!["name"]!));
    }

    [Fact]
    public void EveryObject_HasAnApiVersionAKindAndAName()
    {
        Assert.All(Objects, o => Assert.True(
            (string?)o["apiVersion"] is { Length: > 0 } && (string?)o["kind"] is { Length: > 0 } && (string?)o["metadata"]?["name"] is { Length: > 0 },
            o.ToJsonString()));
        Assert.Equal(
            ["ConfigMap", "Namespace", "Service", "Service", "ServiceAccount", "StatefulSet"],
            Objects.Select(o => (string)o["kind"]!).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void StatefulSet_OneReplicaOnItsOwnVolumeGovernedByAHeadlessService()
    {
        var spec = StatefulSet["spec"]!;
        var claim = spec["volumeClaimTemplates"]!.AsArray().Single()!;
        var governing = Objects.Single(o => (string)o["kind"]! == "Service" && (string)o["metadata"]!["name"]! == (string)spec["serviceName"]!);

        Assert.Equal("1", (string?)spec["replicas"]);
        Assert.Equal("None", (string?)governing["spec"]!["clusterIP"]);
        Assert.Equal(["ReadWriteOnce"], ComposeFile.Strings(claim["spec"]!["accessModes"]));
        Assert.All(Containers(), c => Assert.Contains(
            c["volumeMounts"]!.AsArray(),
            m => (string)m!["name"]! == (string)claim["metadata"]!["name"]! && (string)m["mountPath"]! == "/var/lib/retrogrid"));
        Assert.Equal(
            spec["selector"]!["matchLabels"]!.ToJsonString(),
            spec["template"]!["metadata"]!["labels"]!.ToJsonString());
    }

    [Fact]
    public void Services_SelectThePodAndReachItsGrpcPort()
    {
        var podLabels = StatefulSet["spec"]!["template"]!["metadata"]!["labels"]!.AsObject();
        var port = Controller["ports"]!.AsArray().Single()!;

        Assert.Equal(("grpc", "7443"), ((string)port["name"]!, (string)port["containerPort"]!));
        foreach (var service in Objects.Where(o => (string)o["kind"]! == "Service"))
        {
            Assert.All(service["spec"]!["selector"]!.AsObject(), s => Assert.Equal((string?)podLabels[s.Key], (string?)s.Value));
            var servicePort = service["spec"]!["ports"]!.AsArray().Single()!;
            Assert.Equal(("7443", "grpc"), ((string)servicePort["port"]!, (string)servicePort["targetPort"]!));
        }
    }

    [Fact]
    public void Pod_UsesTheConfigMapAndServiceAccountThatExist()
    {
        var configMap = (string)Single("ConfigMap")["metadata"]!["name"]!;

        Assert.Equal((string)Single("ServiceAccount")["metadata"]!["name"]!, (string?)PodSpec["serviceAccountName"]);
        Assert.All(Containers(), c => Assert.Equal(configMap, (string?)c["envFrom"]![0]!["configMapRef"]!["name"]));
        Assert.Equal("false", (string?)PodSpec["enableServiceLinks"]);
    }

    /// <summary>The ConfigMap holds only what something reads: the controller's Dropbox settings, OTEL_*, the init's host name.</summary>
    [Fact]
    public void ConfigMap_HoldsSettingsTheControllerReads()
    {
        var dropboxSettings = Property().Matches(File.ReadAllText(Repository.Path("src/RetroGrid.Controller/Hosting/DropboxSettings.cs")))
            .Select(m => $"Dropbox__{m.Groups[1].Value}").ToHashSet();
        var init = string.Join('\n', ComposeFile.Strings(InitContainer["args"]));

        foreach (var key in Single("ConfigMap")["data"]!.AsObject().Select(e => e.Key))
        {
            Assert.True(
                dropboxSettings.Contains(key) || key.StartsWith("OTEL_", StringComparison.Ordinal) || init.Contains($"\"${key}\"", StringComparison.Ordinal),
                $"{key}: nothing reads it");
        }
    }

    [Fact]
    public void InitContainer_InitsTheDataDirectoryTheControllerRunsOnOnlyWhenItIsEmpty()
    {
        var run = ComposeFile.Strings(Controller["args"]);
        var dataDir = run[Array.IndexOf(run, "--data-dir") + 1];
        var script = string.Join('\n', ComposeFile.Strings(InitContainer["args"]));
        var image = Dockerfile.Load(Repository.Path("deploy/docker/controller.Dockerfile"));

        Assert.Equal(["run", "--data-dir", dataDir, "--listen", "0.0.0.0", "--port", "7443"], run);
        Assert.Equal(image.FinalStage.Single(i => i.Keyword == "CMD").ExecForm(), run[..5]);
        Assert.Equal(Controller["image"]!.ToJsonString(), InitContainer["image"]!.ToJsonString());
        Assert.Contains($"data={dataDir}", script, StringComparison.Ordinal);
        Assert.Contains("if ! ls -A \"$data\"", script, StringComparison.Ordinal);
        Assert.Contains($"{image.FinalStage.Single(i => i.Keyword == "ENTRYPOINT").ExecForm()[1]} init --data-dir \"$data\"", script, StringComparison.Ordinal);
    }

    [Fact]
    public void Containers_RunNonRootReadOnlyWithLimitsAndTcpProbes()
    {
        var pod = PodSpec["securityContext"]!;

        Assert.Equal(("true", "1654"), ((string?)pod["runAsNonRoot"], (string?)pod["runAsUser"]));
        foreach (var container in Containers())
        {
            var security = container["securityContext"]!;
            Assert.Equal(("false", "true"), ((string?)security["allowPrivilegeEscalation"], (string?)security["readOnlyRootFilesystem"]));
            Assert.Equal(["ALL"], ComposeFile.Strings(security["capabilities"]!["drop"]));
            Assert.NotNull(container["resources"]!["requests"]!["memory"]);
            Assert.NotNull(container["resources"]!["limits"]!["memory"]);
        }

        // grpc probes speak plaintext: the controller serves TLS only.
        Assert.All(["startupProbe", "readinessProbe", "livenessProbe"], probe => Assert.Equal("grpc", (string?)Controller[probe]!["tcpSocket"]!["port"]));
    }

    [Fact]
    public void PrometheusAnnotations_ScrapeMetricsOverHttpsOnTheGrpcPort()
    {
        var annotations = StatefulSet["spec"]!["template"]!["metadata"]!["annotations"]!;

        Assert.Equal(
            ("true", "https", "7443", "/metrics"),
            ((string?)annotations["prometheus.io/scrape"], (string?)annotations["prometheus.io/scheme"], (string?)annotations["prometheus.io/port"], (string?)annotations["prometheus.io/path"]));
    }

    private static JsonNode InitContainer => PodSpec["initContainers"]!.AsArray().Single()!;

    private static IEnumerable<JsonNode> Containers() => [Controller, InitContainer];

    private static JsonNode Single(string kind) => Objects.Single(o => (string)o["kind"]! == kind);

    [GeneratedRegex(@"public \S+ (\w+) \{ get; set; \}")]
    private static partial Regex Property();
}
