using System.Globalization;

namespace RetroGrid.Dropbox.Emulator.Protocol;

/// <summary><c>common.DropboxTimestamp</c>: <c>yyyy-MM-ddTHH:mm:ssZ</c>, UTC, whole seconds.</summary>
internal static class Timestamps
{
    private const string Pattern = "yyyy-MM-dd'T'HH:mm:ss'Z'";

    public static string Format(DateTimeOffset value) =>
        value.UtcDateTime.ToString(Pattern, CultureInfo.InvariantCulture);

    public static DateTimeOffset Truncate(DateTimeOffset value) =>
        new(value.UtcTicks - (value.UtcTicks % TimeSpan.TicksPerSecond), TimeSpan.Zero);

    public static bool TryParse(string text, out DateTimeOffset value)
    {
        if (DateTime.TryParseExact(text, Pattern, CultureInfo.InvariantCulture,
                DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var parsed))
        {
            value = new DateTimeOffset(parsed, TimeSpan.Zero);
            return true;
        }

        value = default;
        return false;
    }
}
