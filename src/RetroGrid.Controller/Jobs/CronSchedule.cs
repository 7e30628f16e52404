namespace RetroGrid.Controller.Jobs;

/// <summary>
/// A five-field cron expression (minute hour day-of-month month day-of-week), evaluated in UTC. Each field is `*`, a
/// number, a range `a-b`, a step `*/n` or `a-b/n`, or a comma list of those; day-of-week 0 and 7 are Sunday. When both
/// day fields are restricted, a day matches either (as in cron).
/// </summary>
internal sealed class CronSchedule
{
    private readonly bool[] _minutes;
    private readonly bool[] _hours;
    private readonly bool[] _days;
    private readonly bool[] _months;
    private readonly bool[] _weekdays;
    private readonly bool _daysRestricted;
    private readonly bool _weekdaysRestricted;

    private CronSchedule(bool[] minutes, bool[] hours, bool[] days, bool[] months, bool[] weekdays, bool daysRestricted, bool weekdaysRestricted)
    {
        (_minutes, _hours, _days, _months, _weekdays) = (minutes, hours, days, months, weekdays);
        (_daysRestricted, _weekdaysRestricted) = (daysRestricted, weekdaysRestricted);
    }

    /// <summary>Parses <paramref name="expression"/>; null with <paramref name="problem"/> set when it is not valid.</summary>
    public static CronSchedule? TryParse(string expression, out string? problem)
    {
        var fields = expression.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        problem = fields.Length == 5 ? null : "A cron expression has five fields: minute hour day-of-month month day-of-week.";
        if (problem is not null)
        {
            return null;
        }

        var minutes = Field(fields[0], 0, 59, "minute", ref problem);
        var hours = Field(fields[1], 0, 23, "hour", ref problem);
        var days = Field(fields[2], 1, 31, "day of month", ref problem);
        var months = Field(fields[3], 1, 12, "month", ref problem);
        var weekdays = Field(fields[4], 0, 7, "day of week", ref problem);
        if (problem is not null)
        {
            return null;
        }

        weekdays![0] |= weekdays[7];
        return new CronSchedule(minutes!, hours!, days!, months!, weekdays, fields[2] != "*", fields[4] != "*");
    }

    /// <summary>The first matching minute strictly after <paramref name="after"/> (within about four years), or null.</summary>
    public DateTimeOffset? NextAfter(DateTimeOffset after)
    {
        var t = after.ToUniversalTime();
        var candidate = new DateTimeOffset(t.Year, t.Month, t.Day, t.Hour, t.Minute, 0, TimeSpan.Zero).AddMinutes(1);
        var limit = candidate.AddYears(4);
        while (candidate < limit)
        {
            if (!_months[candidate.Month] || !DayMatches(candidate))
            {
                candidate = new DateTimeOffset(candidate.Year, candidate.Month, candidate.Day, 0, 0, 0, TimeSpan.Zero).AddDays(1);
            }
            else if (!_hours[candidate.Hour])
            {
                candidate = new DateTimeOffset(candidate.Year, candidate.Month, candidate.Day, candidate.Hour, 0, 0, TimeSpan.Zero).AddHours(1);
            }
            else if (!_minutes[candidate.Minute])
            {
                candidate = candidate.AddMinutes(1);
            }
            else
            {
                return candidate;
            }
        }

        return null;
    }

    private bool DayMatches(DateTimeOffset day)
    {
        var inMonth = _days[day.Day];
        var inWeek = _weekdays[(int)day.DayOfWeek];
        return _daysRestricted && _weekdaysRestricted ? inMonth || inWeek : inMonth && inWeek;
    }

    private static bool[]? Field(string text, int min, int max, string name, ref string? problem)
    {
        var allowed = new bool[max + 1];
        foreach (var part in text.Split(','))
        {
            if (!TryPart(part, min, max, out var from, out var to, out var every))
            {
                problem ??= $"The {name} field '{text}' is not valid (numbers {min}-{max}, '*', ranges, steps, lists).";
                return null;
            }

            for (var value = from; value <= to; value += every)
            {
                allowed[value] = true;
            }
        }

        return allowed;
    }

    /// <summary>One list item: `*`, `n`, `a-b`, each optionally `/step` (`n/step` runs from n to the field's end).</summary>
    private static bool TryPart(string part, int min, int max, out int from, out int to, out int every)
    {
        (from, to, every) = (min, max, 1);
        var slash = part.IndexOf('/', StringComparison.Ordinal);
        var range = slash < 0 ? part : part[..slash];
        if (slash >= 0 && (!Number(part[(slash + 1)..], out every) || every < 1))
        {
            return false;
        }

        if (range != "*")
        {
            var dash = range.IndexOf('-', StringComparison.Ordinal);
            if (dash < 0)
            {
                if (!Number(range, out from))
                {
                    return false;
                }

                to = slash < 0 ? from : max;
            }
            else if (!Number(range[..dash], out from) || !Number(range[(dash + 1)..], out to))
            {
                return false;
            }
        }

        return from >= min && to <= max && from <= to;
    }

    private static bool Number(string text, out int value) =>
        int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out value);
}
