using System.Globalization;

namespace RetroGrid.Controller.Grooming;

/// <summary>
/// Which snapshots a set keeps, per agent and backed-up paths (each workstation's history is groomed on its own): the
/// newest <see cref="Last"/>; the newest of each of the newest <see cref="Hourly"/> hours, <see cref="Daily"/> days,
/// <see cref="Weekly"/> ISO weeks, <see cref="Monthly"/> months and <see cref="Yearly"/> years that have snapshots (UTC);
/// and all taken within <see cref="Within"/> of now. A snapshot any rule keeps is kept. An empty policy keeps
/// everything: grooming never deletes all of a set by omission.
/// </summary>
internal sealed record RetentionPolicy
{
    public int Last { get; init; }

    public int Hourly { get; init; }

    public int Daily { get; init; }

    public int Weekly { get; init; }

    public int Monthly { get; init; }

    public int Yearly { get; init; }

    public TimeSpan Within { get; init; }

    public bool IsEmpty => Last == 0 && Hourly == 0 && Daily == 0 && Weekly == 0 && Monthly == 0 && Yearly == 0 && Within == TimeSpan.Zero;

    /// <summary>Why each snapshot is kept (no entry: it goes). <paramref name="snapshots"/> are one agent's and paths' history.</summary>
    public Dictionary<string, string> Keep(IEnumerable<(string Name, DateTimeOffset Time)> snapshots, DateTimeOffset now)
    {
        var newestFirst = snapshots.OrderByDescending(s => s.Time).ThenBy(s => s.Name, StringComparer.Ordinal).ToList();
        var reasons = new Dictionary<string, string>(StringComparer.Ordinal);
        if (IsEmpty)
        {
            foreach (var snapshot in newestFirst)
            {
                reasons[snapshot.Name] = "no retention policy";
            }

            return reasons;
        }

        void KeepNewestPerBucket(int count, string rule, Func<DateTimeOffset, string> bucket)
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var snapshot in newestFirst)
            {
                if (seen.Count == count)
                {
                    return;
                }

                if (seen.Add(bucket(snapshot.Time.ToUniversalTime())))
                {
                    reasons.TryAdd(snapshot.Name, rule);
                }
            }
        }

        foreach (var snapshot in newestFirst.Take(Last))
        {
            reasons.TryAdd(snapshot.Name, "last");
        }

        KeepNewestPerBucket(Hourly, "hourly", t => t.ToString("yyyy-MM-dd HH", CultureInfo.InvariantCulture));
        KeepNewestPerBucket(Daily, "daily", t => t.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        KeepNewestPerBucket(Weekly, "weekly", t => $"{ISOWeek.GetYear(t.UtcDateTime)}-{ISOWeek.GetWeekOfYear(t.UtcDateTime)}");
        KeepNewestPerBucket(Monthly, "monthly", t => t.ToString("yyyy-MM", CultureInfo.InvariantCulture));
        KeepNewestPerBucket(Yearly, "yearly", t => t.ToString("yyyy", CultureInfo.InvariantCulture));
        foreach (var snapshot in newestFirst.Where(s => Within > TimeSpan.Zero && now - s.Time <= Within))
        {
            reasons.TryAdd(snapshot.Name, "within");
        }

        return reasons;
    }
}
