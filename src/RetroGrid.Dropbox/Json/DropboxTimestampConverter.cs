using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace RetroGrid.Dropbox;

/// <summary>Dropbox timestamps: <c>%Y-%m-%dT%H:%M:%SZ</c>, UTC, no fractional seconds; reading is tolerant of offsets and fractions.</summary>
internal sealed class DropboxTimestampConverter : JsonConverter<DateTimeOffset>
{
    public const string Format = "yyyy-MM-dd'T'HH:mm:ss'Z'";

    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var text = reader.GetString();
        if (text is null || !DateTimeOffset.TryParse(
                text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var value))
        {
            throw new JsonException("Invalid Dropbox timestamp.");
        }

        return value;
    }

    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.UtcDateTime.ToString(Format, CultureInfo.InvariantCulture));
}
