using System.Text.Json;
using System.Text.Json.Serialization;

namespace RetroGrid.Dropbox;

/// <summary>
/// <c>Metadata</c> is a struct with enumerated subtypes: <c>.tag</c> names the subtype and the fields are merged in.
/// The tag may come anywhere in the object and unknown tags are kept as <see cref="DropboxUnknownMetadata"/>.
/// </summary>
internal sealed class DropboxMetadataConverter : JsonConverter<DropboxMetadata>
{
    public override DropboxMetadata Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        using var document = JsonDocument.ParseValue(ref reader);
        return FromElement(document.RootElement);
    }

    public override void Write(Utf8JsonWriter writer, DropboxMetadata value, JsonSerializerOptions options)
    {
        var (tag, element) = value switch
        {
            DropboxFileMetadata f => ("file", JsonSerializer.SerializeToElement(f, DropboxJsonContext.Default.DropboxFileMetadata)),
            DropboxFolderMetadata f => ("folder", JsonSerializer.SerializeToElement(f, DropboxJsonContext.Default.DropboxFolderMetadata)),
            DropboxDeletedMetadata d => ("deleted", JsonSerializer.SerializeToElement(d, DropboxJsonContext.Default.DropboxDeletedMetadata)),
            DropboxUnknownMetadata u => (u.Tag, default(JsonElement)),
            _ => throw new JsonException("Unknown metadata type."),
        };
        writer.WriteStartObject();
        writer.WriteString(".tag", tag);
        if (element.ValueKind == JsonValueKind.Object)
        {
            foreach (var property in element.EnumerateObject())
            {
                property.WriteTo(writer);
            }
        }
        else
        {
            writer.WriteString("name", value.Name);
        }

        writer.WriteEndObject();
    }

    internal static DropboxMetadata FromElement(JsonElement element)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw new JsonException("Metadata must be a JSON object.");
        }

        var tag = element.TryGetProperty(".tag", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString()! : string.Empty;
        return tag switch
        {
            "file" => element.Deserialize(DropboxJsonContext.Default.DropboxFileMetadata)!,
            "folder" => element.Deserialize(DropboxJsonContext.Default.DropboxFolderMetadata)!,
            "deleted" => element.Deserialize(DropboxJsonContext.Default.DropboxDeletedMetadata)!,
            _ => new DropboxUnknownMetadata
            {
                Tag = tag,
                Name = GetString(element, "name") ?? string.Empty,
                PathLower = GetString(element, "path_lower"),
                PathDisplay = GetString(element, "path_display"),
            },
        };
    }

    private static string? GetString(JsonElement element, string name) =>
        element.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
}
