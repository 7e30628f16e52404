using RetroGrid.Controller.Grooming;

namespace RetroGrid.Controller.Tests;

/// <summary>Which snapshots a retention policy keeps, and why.</summary>
public sealed class RetentionPolicyTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 5, 12, 0, 0, TimeSpan.Zero);

    // Two a day for five days, at 01:00 and 13:00 (the newest at 01:00 today is "d0-early").
    private static readonly (string Name, DateTimeOffset Time)[] History = [.. Enumerable.Range(0, 5).SelectMany(day => new[]
    {
        ($"d{day}-early", Now.Date.AddDays(-day).AddHours(1)),
        ($"d{day}-late", Now.Date.AddDays(-day).AddHours(13)),
    }).Where(s => s.Item2 <= Now).Select(s => (s.Item1, new DateTimeOffset(s.Item2, TimeSpan.Zero)))];

    [Fact]
    public void Last_KeepsTheNewest()
    {
        var kept = new RetentionPolicy { Last = 3 }.Keep(History, Now);

        Assert.Equal(["d0-early", "d1-early", "d1-late"], kept.Keys.Order(StringComparer.Ordinal));
        Assert.All(kept.Values, reason => Assert.Equal("last", reason));
    }

    [Fact]
    public void Daily_KeepsTheNewestOfEachOfTheNewestDays()
    {
        var kept = new RetentionPolicy { Daily = 3 }.Keep(History, Now);

        Assert.Equal(["d0-early", "d1-late", "d2-late"], kept.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Rules_AreUnited_FirstReasonWins_AndWithinCountsFromNow()
    {
        var kept = new RetentionPolicy { Last = 1, Daily = 2, Within = TimeSpan.FromHours(36) }.Keep(History, Now);

        Assert.Equal(
            [("d0-early", "last"), ("d1-early", "within"), ("d1-late", "daily")],
            kept.OrderBy(k => k.Key, StringComparer.Ordinal).Select(k => (k.Key, k.Value)));
    }

    [Fact]
    public void EmptyPolicy_KeepsEverything()
    {
        var kept = new RetentionPolicy().Keep(History, Now);

        Assert.Equal(History.Length, kept.Count);
    }

    [Fact]
    public void Weekly_Monthly_Yearly_BucketByCalendar()
    {
        (string, DateTimeOffset)[] snapshots =
        [
            ("2026-12-04", new DateTimeOffset(2026, 12, 4, 0, 0, 0, TimeSpan.Zero)),
            ("2026-11-30", new DateTimeOffset(2026, 11, 30, 0, 0, 0, TimeSpan.Zero)),
            ("2026-11-29", new DateTimeOffset(2026, 11, 29, 0, 0, 0, TimeSpan.Zero)),
            ("2025-06-01", new DateTimeOffset(2025, 6, 1, 0, 0, 0, TimeSpan.Zero)),
        ];

        Assert.Equal(["2026-11-29", "2026-12-04"], new RetentionPolicy { Weekly = 2 }.Keep(snapshots, Now).Keys.Order(StringComparer.Ordinal));
        Assert.Equal(["2026-11-30", "2026-12-04"], new RetentionPolicy { Monthly = 2 }.Keep(snapshots, Now).Keys.Order(StringComparer.Ordinal));
        Assert.Equal(["2025-06-01", "2026-12-04"], new RetentionPolicy { Yearly = 5 }.Keep(snapshots, Now).Keys.Order(StringComparer.Ordinal));
    }
}
