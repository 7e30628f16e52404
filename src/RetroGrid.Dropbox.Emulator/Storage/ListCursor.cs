using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace RetroGrid.Dropbox.Emulator.Storage;

/// <summary>
/// The state behind an opaque list_folder cursor. Phase "i" pages through the snapshot in path order after
/// <see cref="After"/>; phase "c" reports changes with a sequence number above <see cref="Seq"/>.
/// </summary>
internal sealed record ListCursor(
    [property: JsonPropertyName("e")] string Epoch,
    [property: JsonPropertyName("p")] string Folder,
    [property: JsonPropertyName("r")] bool Recursive,
    [property: JsonPropertyName("d")] bool IncludeDeleted,
    [property: JsonPropertyName("l")] int Limit,
    [property: JsonPropertyName("s")] long Seq,
    [property: JsonPropertyName("m")] string Phase,
    [property: JsonPropertyName("a")] string After)
{
    public string Encode() =>
        "AA" + Convert.ToBase64String(JsonSerializer.SerializeToUtf8Bytes(this, CursorJsonContext.Default.ListCursor))
            .TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static ListCursor? TryDecode(string cursor)
    {
        if (!cursor.StartsWith("AA", StringComparison.Ordinal))
        {
            return null;
        }

        try
        {
            var text = cursor[2..].Replace('-', '+').Replace('_', '/');
            text = text.PadRight(text.Length + ((4 - (text.Length % 4)) % 4), '=');
            var bytes = Convert.FromBase64String(text);
            var json = Encoding.UTF8.GetString(bytes);
            return JsonSerializer.Deserialize(json, CursorJsonContext.Default.ListCursor);
        }
        catch (FormatException)
        {
            return null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
