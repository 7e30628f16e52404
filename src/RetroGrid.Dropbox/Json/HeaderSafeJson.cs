using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace RetroGrid.Dropbox;

/// <summary>
/// JSON for the <c>Dropbox-API-Arg</c> header: every non-ASCII character and DEL (0x7F) written as a lower-case
/// <c>\uXXXX</c> escape of its UTF-16 code units (so astral characters become surrogate pairs), as Dropbox requires.
/// </summary>
internal static class HeaderSafeJson
{
    public static string Serialize<T>(T value, JsonTypeInfo<T> typeInfo) => Escape(JsonSerializer.Serialize(value, typeInfo));

    public static string Escape(string json)
    {
        var text = new StringBuilder(json.Length + 16);
        for (var i = 0; i < json.Length; i++)
        {
            var c = json[i];
            if (c == '\\' && i + 1 < json.Length)
            {
                // Keep existing escapes, but normalise \uXXXX to lower-case hex so the output is canonical.
                var next = json[++i];
                text.Append(c).Append(next);
                if (next == 'u')
                {
                    for (var k = 0; k < 4 && i + 1 < json.Length; k++)
                    {
                        text.Append(char.ToLowerInvariant(json[++i]));
                    }
                }
            }
            else if (c >= 0x7F)
            {
                text.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
            }
            else
            {
                text.Append(c);
            }
        }

        return text.ToString();
    }

    /// <summary>
    /// Reads a <c>Dropbox-API-Result</c> header value. It should be ASCII with escapes; if a server sent raw UTF-8,
    /// .NET hands the bytes over as Latin-1 characters, so they are decoded again as UTF-8.
    /// </summary>
    public static string DecodeHeaderValue(string value)
    {
        foreach (var c in value)
        {
            if (c > 0x7F && c <= 0xFF)
            {
                try
                {
                    return new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(Encoding.Latin1.GetBytes(value));
                }
                catch (DecoderFallbackException)
                {
                    return value;
                }
            }
        }

        return value;
    }
}
