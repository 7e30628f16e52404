using System.Text.Json.Nodes;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace RetroGrid.Deploy.Tests;

/// <summary>
/// YAML read into <see cref="JsonNode"/>s, so YAML and JSON files are walked alike. Aliases are resolved and merge
/// keys (<c>&lt;&lt;: *anchor</c>) applied, as compose applies them; every scalar is a string (no type guessing).
/// </summary>
internal static class YamlFile
{
    public static JsonNode Load(string path) => LoadAll(path).Single() ?? throw new InvalidDataException($"{path} is empty.");

    /// <summary>Every document of a multi-document file (separated by <c>---</c>).</summary>
    public static IReadOnlyList<JsonNode?> LoadAll(string path)
    {
        using var reader = File.OpenText(path);
        var stream = new YamlStream();
        stream.Load(reader);
        return [.. stream.Documents.Select(d => ToJson(d.RootNode))];
    }

    private static JsonNode? ToJson(YamlNode node) => node switch
    {
        YamlScalarNode scalar => IsNull(scalar) ? null : JsonValue.Create(scalar.Value),
        YamlSequenceNode sequence => new JsonArray([.. sequence.Children.Select(ToJson)]),
        YamlMappingNode mapping => ToObject(mapping),
        _ => throw new InvalidDataException($"Unexpected YAML node {node.NodeType} at {node.Start}."),
    };

    private static bool IsNull(YamlScalarNode scalar) =>
        scalar.Value is null || (scalar.Style == ScalarStyle.Plain && scalar.Value is "" or "~" or "null");

    private static JsonObject ToObject(YamlMappingNode mapping)
    {
        var result = new JsonObject();
        var merged = new List<YamlMappingNode>();
        foreach (var (key, value) in mapping.Children)
        {
            var name = ((YamlScalarNode)key).Value!;
            if (name == "<<")
            {
                merged.AddRange(value is YamlSequenceNode many ? many.Children.Cast<YamlMappingNode>() : [(YamlMappingNode)value]);
                continue;
            }

            result[name] = ToJson(value);
        }

        // Keys written in the mapping itself win over merged ones, and earlier merged mappings over later ones.
        foreach (var source in merged)
        {
            foreach (var (name, value) in ToObject(source))
            {
                if (!result.ContainsKey(name))
                {
                    result[name] = value?.DeepClone();
                }
            }
        }

        return result;
    }
}
