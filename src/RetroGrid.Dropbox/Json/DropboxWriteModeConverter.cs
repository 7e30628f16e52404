using System.Text.Json;
using System.Text.Json.Serialization;

namespace RetroGrid.Dropbox;

/// <summary>WriteMode: void members as the bare string (<c>"add"</c>), <c>update</c> nested (<c>{".tag":"update","update":rev}</c>).</summary>
internal sealed class DropboxWriteModeConverter : JsonConverter<DropboxWriteMode>
{
    public override DropboxWriteMode Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.String)
        {
            return DropboxWriteMode.FromTag(reader.GetString()!, null);
        }

        using var document = JsonDocument.ParseValue(ref reader);
        var root = document.RootElement;
        var tag = root.TryGetProperty(".tag", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString()! : string.Empty;
        var rev = root.TryGetProperty(tag, out var r) && r.ValueKind == JsonValueKind.String ? r.GetString() : null;
        return DropboxWriteMode.FromTag(tag, rev);
    }

    public override void Write(Utf8JsonWriter writer, DropboxWriteMode value, JsonSerializerOptions options)
    {
        if (value.Rev is null)
        {
            writer.WriteStringValue(value.Tag);
            return;
        }

        writer.WriteStartObject();
        writer.WriteString(".tag", value.Tag);
        writer.WriteString(value.Tag, value.Rev);
        writer.WriteEndObject();
    }
}
