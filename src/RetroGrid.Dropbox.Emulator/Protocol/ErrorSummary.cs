using System.Text;
using System.Text.Json.Nodes;

namespace RetroGrid.Dropbox.Emulator.Protocol;

/// <summary>
/// Builds Dropbox's human-readable <c>error_summary</c>: the chain of tags joined by "/", then "/..". Nested members
/// are followed through the key named after the tag; flattened structs that wrap a union (<c>UploadWriteFailed</c>,
/// <c>RateLimitError</c>) are followed through their <c>reason</c>. Clients must not parse it (reference §2.2).
/// </summary>
internal static class ErrorSummary
{
    public static string For(JsonObject error)
    {
        var builder = new StringBuilder();
        JsonObject? current = error;
        for (var depth = 0; current is not null && depth < 16; depth++)
        {
            var tag = current[".tag"]?.GetValue<string>();
            JsonObject? next;
            if (tag is null)
            {
                next = current["reason"] as JsonObject;
            }
            else
            {
                builder.Append(tag).Append('/');
                next = current[tag] as JsonObject ?? current["reason"] as JsonObject;
            }

            current = next;
        }

        return builder.Append("..").ToString();
    }
}
