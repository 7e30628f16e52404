using System.Globalization;

namespace RetroGrid.Controller.Jobs;

/// <summary>
/// A daily window backups may start in, UTC, written "HH:MM-HH:MM" (end exclusive). A start after the end wraps
/// midnight ("22:00-06:00"); equal ends mean the whole day.
/// </summary>
internal readonly record struct BackupWindow(TimeSpan Start, TimeSpan End)
{
    public static BackupWindow AllDay { get; } = new(TimeSpan.Zero, TimeSpan.Zero);

    /// <summary>The window, or null with <paramref name="problem"/> saying what is wrong.</summary>
    public static BackupWindow? TryParse(string start, string end, out string? problem)
    {
        problem = null;
        if (start.Length == 0 && end.Length == 0)
        {
            return AllDay;
        }

        if (TimeOfDay(start) is { } from && TimeOfDay(end) is { } to)
        {
            return new BackupWindow(from, to);
        }

        problem = $"A window is two times of day as HH:MM (UTC), not '{start}'-'{end}'.";
        return null;
    }

    /// <summary>Reads the catalog's "HH:MM-HH:MM" form; the whole day for null or anything unreadable.</summary>
    public static BackupWindow Parse(string? stored) =>
        stored?.Split('-') is [var start, var end] && TryParse(start, end, out _) is { } window ? window : AllDay;

    public bool Contains(DateTimeOffset time)
    {
        var at = time.UtcDateTime.TimeOfDay;
        return Start == End || (Start < End ? at >= Start && at < End : at >= Start || at < End);
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Start:hh\\:mm}-{End:hh\\:mm}");

    private static TimeSpan? TimeOfDay(string text) =>
        TimeSpan.TryParseExact(text, @"hh\:mm", CultureInfo.InvariantCulture, out var time) && time < TimeSpan.FromDays(1) ? time : null;
}
