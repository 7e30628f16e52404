using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace RetroGrid.Deploy.Tests;

/// <summary>
/// deploy/docker: each Dockerfile is well formed (known instructions, base images as build arguments with defaults,
/// stages that exist), publishes projects that exist, runs the assembly it publishes, on the right .NET image, as a
/// non-root user with its data on a volume. No Docker engine runs here, so nothing is built.
/// </summary>
public sealed partial class DockerfileTests
{
    public static TheoryData<string> Dockerfiles => ["controller.Dockerfile", "agent.Dockerfile", "emulator.Dockerfile"];

    [Fact]
    public void EveryDockerfileInTheFolder_IsTested()
    {
        var files = Directory.EnumerateFiles(Repository.Path("deploy/docker"), "*Dockerfile*").Select(Path.GetFileName);

        Assert.Equal(Dockerfiles.Select(d => d.Data).Order(StringComparer.Ordinal), files.Order(StringComparer.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Dockerfiles))]
    public void Instructions_AreKnownAndEveryStageAndArgumentExists(string file)
    {
        var dockerfile = Load(file);
        var globalArgs = dockerfile.GlobalArgs.Select(a => a.Arguments.Split('=', 2)).ToList();
        var stageNames = new List<string>();

        Assert.DoesNotContain(dockerfile.Instructions, i => !Dockerfile.Keywords.Contains(i.Keyword));
        Assert.All(globalArgs, a => Assert.True(a.Length == 2 && a[1].Length > 0, $"ARG {a[0]} needs a default"));
        Assert.True(dockerfile.Stages.Count >= 2, "a build stage and a runtime stage");
        foreach (var stage in dockerfile.Stages)
        {
            var from = FromInstruction().Match(stage[0].Arguments);
            Assert.True(from.Success, stage[0].ToString());
            Assert.Contains(from.Groups["arg"].Value, globalArgs.Select(a => a[0]));
            foreach (var copy in stage.Where(i => i.Keyword == "COPY" && i.Arguments.StartsWith("--from=", StringComparison.Ordinal)))
            {
                Assert.Contains(copy.Arguments["--from=".Length..].Split(' ')[0], stageNames);
            }

            stageNames.Add(from.Groups["name"].Value);
        }
    }

    [Theory]
    [MemberData(nameof(Dockerfiles))]
    public void BaseImages_AreDotnetImagesOfTheRepositorysFrameworkAndTheProjectsNeeds(string file)
    {
        var dockerfile = Load(file);
        var defaults = dockerfile.GlobalArgs.Select(a => a.Arguments.Split('=', 2)).ToDictionary(a => a[0], a => a[1]);
        var framework = XDocument.Load(Repository.Path("Directory.Build.props")).Descendants("TargetFramework").Single().Value;
        var version = framework["net".Length..];
        var runtime = Publishes(dockerfile)[0].Project.NeedsAspNetCore() ? "aspnet" : "runtime";

        Assert.Equal("FROM ${SDK_IMAGE} AS build", $"FROM {dockerfile.Stages[0][0].Arguments}");
        Assert.Equal("FROM ${RUNTIME_IMAGE}", $"FROM {dockerfile.FinalStage[0].Arguments}");
        Assert.EndsWith($"/dotnet/sdk:{version}", defaults["SDK_IMAGE"], StringComparison.Ordinal);
        Assert.EndsWith($"/dotnet/{runtime}:{version}", defaults["RUNTIME_IMAGE"], StringComparison.Ordinal);
    }

    /// <summary>
    /// The first project published is the one the ENTRYPOINT runs, from where its output was copied; any other (rgctl)
    /// is run by something else in the image.
    /// </summary>
    [Theory]
    [MemberData(nameof(Dockerfiles))]
    public void Entrypoint_RunsTheAssemblyOfTheProjectItPublishes(string file)
    {
        var dockerfile = Load(file);
        var publishes = Publishes(dockerfile);
        var image = string.Join('\n', dockerfile.FinalStage.Select(i => i.Arguments));
        var entrypoint = dockerfile.FinalStage.Single(i => i.Keyword == "ENTRYPOINT").ExecForm();

        Assert.All(publishes, p => Assert.Contains("-c Release", p.Command, StringComparison.Ordinal));
        for (var i = 0; i < publishes.Count; i++)
        {
            var copy = dockerfile.FinalStage.Single(c => c.Keyword == "COPY" && c.Arguments.StartsWith($"--from=build {publishes[i].Output}/ ", StringComparison.Ordinal));
            var dll = $"{copy.Arguments.Split(' ')[^1].TrimEnd('/')}/{publishes[i].Project.AssemblyName}.dll";
            if (i == 0)
            {
                Assert.Equal(["dotnet", dll], entrypoint);
            }
            else
            {
                Assert.Contains($"dotnet {dll}", image, StringComparison.Ordinal);
            }
        }
    }

    [Theory]
    [MemberData(nameof(Dockerfiles))]
    public void FinalStage_RunsAsNonRootWithItsDataOnAVolumeItOwns(string file)
    {
        var stage = Load(file).FinalStage;
        var user = stage.Last(i => i.Keyword == "USER").Arguments;
        var volume = stage.Single(i => i.Keyword == "VOLUME").Arguments;
        var command = stage.Single(i => i.Keyword == "CMD").ExecForm();
        var dataOption = Array.FindIndex(command, a => a is "--data-dir" or "--state-dir");

        // The .NET images' non-root user "app" (a number, so that Kubernetes' runAsNonRoot can check it).
        Assert.Equal("$APP_UID", user);
        Assert.True(dataOption >= 0, $"CMD {string.Join(' ', command)} names no data directory");
        Assert.True(command[dataOption + 1] == volume || command[dataOption + 1].StartsWith(volume + "/", StringComparison.Ordinal),
            $"the data directory {command[dataOption + 1]} is not on the volume {volume}");
        Assert.Contains(stage, i => i.Keyword == "RUN" && i.Arguments.Contains($"chown \"$APP_UID:$APP_UID\" {volume}", StringComparison.Ordinal));
    }

    [Fact]
    public void EmulatorHealthCheck_AsksThePortItListensOn()
    {
        var stage = Load("emulator.Dockerfile").FinalStage;
        var command = stage.Single(i => i.Keyword == "CMD").ExecForm();
        var port = command[Array.IndexOf(command, "--port") + 1];

        Assert.Contains($"http://127.0.0.1:{port}/__emulator/health", stage.Single(i => i.Keyword == "HEALTHCHECK").Arguments, StringComparison.Ordinal);
    }

    [Fact]
    public void DockerIgnore_KeepsBuildOutputAndGitOutOfTheContext()
    {
        var patterns = File.ReadLines(Repository.Path(".dockerignore")).Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#')).ToHashSet();

        Assert.Superset(new HashSet<string> { ".git", "artifacts/", "**/bin/", "**/obj/" }, patterns);
    }

    private static Dockerfile Load(string file) => Dockerfile.Load(Repository.Path($"deploy/docker/{file}"));

    private static List<(DotnetProject Project, string Output, string Command)> Publishes(Dockerfile dockerfile) =>
        [.. dockerfile.Instructions.Where(i => i.Keyword == "RUN")
            .SelectMany(i => Publish().Matches(i.Arguments))
            .Select(m =>
            {
                var project = Repository.Path(m.Groups["project"].Value);
                Assert.True(File.Exists(project), $"{m.Value}: no such project");
                return (DotnetProject.Load(project), m.Groups["output"].Value, m.Value);
            })];

    [GeneratedRegex(@"^\$\{(?<arg>[A-Z_]+)\}(?: AS (?<name>[a-z-]+))?$")]
    private static partial Regex FromInstruction();

    [GeneratedRegex(@"dotnet publish (?<project>\S+\.csproj)[^&]*? -o (?<output>\S+)[^&]*")]
    private static partial Regex Publish();
}
