using RetroGrid.Controller.Catalog;

namespace RetroGrid.Controller.Jobs;

/// <summary>
/// When an agent's backups into a set are overdue: its last good backup (or, without one, the set's creation) is older
/// than twice the set's interval — the proactive interval for proactive sets, a day for cron schedules. Sets without a
/// schedule are never overdue. One rule for <c>rgctl status</c> and the metrics alerts are built on.
/// </summary>
internal static class BackupAge
{
    /// <summary>How old the last good backup may be; null for a set with no schedule.</summary>
    public static TimeSpan? Allowed(long? scheduleIntervalSeconds, string? scheduleCron, long? proactiveIntervalSeconds) =>
        (scheduleIntervalSeconds ?? proactiveIntervalSeconds) is { } interval ? TimeSpan.FromSeconds(2 * interval)
        : scheduleCron is not null ? TimeSpan.FromDays(1)
        : null;

    public static TimeSpan? Allowed(SetRecord set) => Allowed(set.ScheduleIntervalSeconds, set.ScheduleCron, set.ProactiveIntervalSeconds);

    public static bool IsOverdue(TimeSpan? allowed, long? lastGoodMs, long setCreatedAtMs, DateTimeOffset now) =>
        allowed is { } limit && now - DateTimeOffset.FromUnixTimeMilliseconds(lastGoodMs ?? setCreatedAtMs) > limit;
}
