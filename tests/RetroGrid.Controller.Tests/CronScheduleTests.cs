using RetroGrid.Controller.Jobs;

namespace RetroGrid.Controller.Tests;

public sealed class CronScheduleTests
{
    private static readonly DateTimeOffset Thursday = new(2026, 12, 3, 10, 7, 30, TimeSpan.Zero);

    [Theory]
    [InlineData("*/15 * * * *", "2026-12-03T10:15:00Z")]
    [InlineData("0 2 * * *", "2026-12-04T02:00:00Z")]
    [InlineData("30 22 * * 1-5", "2026-12-03T22:30:00Z")]
    [InlineData("0 9 * * 0", "2026-12-06T09:00:00Z")]
    [InlineData("0 9 * * 7", "2026-12-06T09:00:00Z")]
    [InlineData("0 0 1 1 *", "2027-01-01T00:00:00Z")]
    [InlineData("5/20 10 * * *", "2026-12-03T10:25:00Z")]
    [InlineData("0 12 15 * 6", "2026-12-05T12:00:00Z")]
    [InlineData("0,30 8-9 * * *", "2026-12-04T08:00:00Z")]
    public void NextAfter_FindsTheFirstMatchingMinute(string expression, string expected)
    {
        var schedule = CronSchedule.TryParse(expression, out var problem);

        Assert.Null(problem);
        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), schedule!.NextAfter(Thursday));
    }

    [Theory]
    [InlineData("* * * *")]
    [InlineData("60 * * * *")]
    [InlineData("* 24 * * *")]
    [InlineData("* * 0 * *")]
    [InlineData("* * * 13 *")]
    [InlineData("*/0 * * * *")]
    [InlineData("5-1 * * * *")]
    [InlineData("a * * * *")]
    [InlineData("-1 * * * *")]
    public void TryParse_Invalid_SaysWhy(string expression)
    {
        Assert.Null(CronSchedule.TryParse(expression, out var problem));
        Assert.False(string.IsNullOrEmpty(problem));
    }

    [Fact]
    public void NextAfter_NeverMatching_ReturnsNull() =>
        Assert.Null(CronSchedule.TryParse("0 0 31 2 *", out _)!.NextAfter(Thursday));
}
