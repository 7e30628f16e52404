using System.Text.Json.Nodes;

namespace RetroGrid.Dropbox.Emulator.Protocol;

/// <summary>
/// Builders for Stone JSON unions (reference §1.6): void members are a bare tag, members whose type is a plain
/// struct are flattened next to <c>.tag</c>, everything else (primitive, list, union, struct with subtypes) is
/// nested under a key equal to the tag.
/// </summary>
internal static class Stone
{
    public static JsonObject Tag(string tag) => new() { [".tag"] = tag };

    /// <summary>Member whose value is a union, primitive or list: nested under the tag.</summary>
    public static JsonObject Nested(string tag, JsonNode? inner) => new() { [".tag"] = tag, [tag] = inner };

    /// <summary>Member whose value is a plain struct: its fields sit next to <c>.tag</c>.</summary>
    public static JsonObject Flat(string tag, JsonObject fields)
    {
        var result = new JsonObject { [".tag"] = tag };
        foreach (var (key, value) in fields.ToList())
        {
            fields.Remove(key);
            result[key] = value;
        }

        return result;
    }

    /// <summary>Common <c>LookupError</c> / <c>WriteError</c> leaves.</summary>
    public static JsonObject NotFound() => Tag("not_found");

    public static JsonObject Conflict(string kind) => Nested("conflict", Tag(kind));
}
