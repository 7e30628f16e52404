using System.Text;
using System.Text.Json;

namespace RetroGrid.Dropbox;

/// <summary>
/// Computes the tag path of a Stone error object (§1.6 of the protocol notes). <c>error_summary</c> is never
/// parsed: its trailing dots vary and Dropbox calls it human readable only.
/// </summary>
internal static class DropboxErrorTags
{
    // Tags whose nested value is data (a struct with subtypes), not a further error union: RootInfo under
    // invalid_root carries ".tag":"user"|"team", which is not part of the error.
    private static readonly HashSet<string> DataCarryingTags = new(StringComparer.Ordinal) { "invalid_root" };

    public static string? GetTagPath(JsonElement error)
    {
        var path = new StringBuilder();
        Walk(error, path, depth: 0);
        return path.Length == 0 ? null : path.ToString();
    }

    private static void Walk(JsonElement element, StringBuilder path, int depth)
    {
        if (element.ValueKind != JsonValueKind.Object || depth > 16)
        {
            return;
        }

        if (element.TryGetProperty(".tag", out var tagElement) && tagElement.ValueKind == JsonValueKind.String)
        {
            var tag = tagElement.GetString()!;
            if (path.Length > 0)
            {
                path.Append('/');
            }

            path.Append(tag);
            if (DataCarryingTags.Contains(tag))
            {
                return;
            }

            if (element.TryGetProperty(tag, out var nested))
            {
                // Nested member (union, primitive, list): only a union goes deeper.
                Walk(nested, path, depth + 1);
                return;
            }
        }

        // A struct (RateLimitError) or a flattened struct member (UploadWriteFailed) whose field holds the next union.
        foreach (var property in element.EnumerateObject())
        {
            if (property.Value.ValueKind == JsonValueKind.Object && property.Value.TryGetProperty(".tag", out _))
            {
                Walk(property.Value, path, depth + 1);
                return;
            }
        }
    }
}
