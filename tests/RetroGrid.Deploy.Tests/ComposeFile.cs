using System.Text.Json.Nodes;

namespace RetroGrid.Deploy.Tests;

/// <summary>deploy/compose/compose.yaml read as compose reads it (anchors merged), with its services' mounts spelled out.</summary>
internal sealed class ComposeFile
{
    public static readonly string Directory = Repository.Path("deploy/compose");

    private ComposeFile(JsonNode root) => Root = root;

    public JsonNode Root { get; }

    public JsonObject Services => Root["services"]!.AsObject();

    public static ComposeFile Load() => new(YamlFile.Load(Path.Join(Directory, "compose.yaml")));

    public JsonNode Service(string name) => Services[name] ?? throw new InvalidDataException($"compose.yaml has no service {name}.");

    /// <summary>A service's volumes, short syntax (SOURCE:TARGET[:ro]) and long syntax alike.</summary>
    public static IReadOnlyList<Mount> Mounts(JsonNode service) =>
        [.. (service["volumes"]?.AsArray() ?? []).Select(v => v is JsonObject longForm
            ? new Mount(
                (string)longForm["type"]!,
                (string)longForm["source"]!,
                (string)longForm["target"]!,
                (string?)longForm["read_only"] == "true",
                (string?)longForm["volume"]?["subpath"])
            : ShortForm((string)v!))];

    /// <summary>The bind-mount source's full path, or null for a named volume.</summary>
    public static string? BindSource(Mount mount) =>
        mount.Type == "bind" ? Path.GetFullPath(Path.Join(Directory, mount.Source)) : null;

    /// <summary>The service's environment as a map (compose allows a map or a list of NAME=VALUE).</summary>
    public static IReadOnlyDictionary<string, string> Environment(JsonNode service) => service["environment"] switch
    {
        JsonObject map => map.ToDictionary(e => e.Key, e => (string?)e.Value ?? string.Empty),
        JsonArray list => list.Select(e => ((string)e!).Split('=', 2)).ToDictionary(p => p[0], p => p.Length > 1 ? p[1] : string.Empty),
        _ => new Dictionary<string, string>(),
    };

    public static string[] Strings(JsonNode? node) => node switch
    {
        null => [],
        JsonArray array => [.. array.Select(e => (string)e!)],
        _ => [(string)node!],
    };

    private static Mount ShortForm(string spec)
    {
        var parts = spec.Split(':');
        var source = parts[0];
        var bind = source.StartsWith('.') || source.StartsWith('/');
        return new Mount(bind ? "bind" : "volume", source, parts[1], parts.Length > 2 && parts[2].Split(',').Contains("ro"), null);
    }

    internal sealed record Mount(string Type, string Source, string Target, bool ReadOnly, string? Subpath);
}
