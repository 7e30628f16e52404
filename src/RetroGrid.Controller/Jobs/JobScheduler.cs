using Microsoft.Extensions.Options;
using RetroGrid.Contracts.V1;
using RetroGrid.Controller.Catalog;
using RetroGrid.Controller.Hosting;
using RetroGrid.Controller.Services;
using RetroGrid.Controller.Sets;

namespace RetroGrid.Controller.Jobs;

/// <summary>
/// Queues the scheduled backups once a minute. Interval and cron sets: for every assigned agent, a backup is queued
/// when it is due (interval since the last backup job, or a cron time since then) and none is queued or running; an
/// offline agent's job simply waits for it, and is not queued twice. Proactive sets: inside the set's window, the
/// online agents whose last good backup is older than the interval are dispatched — never backed up first, then the
/// most overdue — under the set's and the controller's limits; offline agents are not queued at all, so nothing
/// piles up while a laptop is away. Verify and groom schedules: the controller runs them itself, in the background,
/// once no job of that kind for the set started within the interval — never two such jobs of a set at once, never
/// on a set being recycled or rebuilt, and a verify not while a backup of the set runs (a pack committed but not yet
/// indexed would look like a problem). They count against no backup limit.
/// </summary>
internal sealed class JobScheduler(
    SetRegistry sets, JobRegistry jobs, JobCoordinator coordinator, MaintenanceJobs maintenance, BusySets busy, AgentSessions sessions,
    IOptions<ControllerOptions> options, ILogger<JobScheduler> logger)
    : BackgroundService
{
    public const string StartedBy = "schedule";

    /// <summary>How proactive backups are tagged and shown as started.</summary>
    public const string ProactiveTag = "proactive";

    private static readonly TimeSpan Tick = TimeSpan.FromMinutes(1);

    /// <summary>Queues every backup that is due now and starts the verify and groom runs that are; returns how many.</summary>
    public async Task<int> RunDueAsync(CancellationToken cancellationToken)
    {
        var now = options.Value.TimeProvider.GetUtcNow();
        var queued = 0;
        var linked = (await sets.ListAsync(cancellationToken)).Where(s => s.LinkState is LinkState.Linked or LinkState.LegacyToken).ToList();
        foreach (var set in linked)
        {
            if (set.ScheduleIntervalSeconds is null && set.ScheduleCron is null)
            {
                continue;
            }

            foreach (var (agentId, _, _) in await jobs.AssignmentsAsync(set.Id, cancellationToken))
            {
                if (await jobs.HasActiveBackupAsync(set.Id, agentId, cancellationToken))
                {
                    continue;
                }

                var last = await jobs.LastBackupCreatedAtAsync(set.Id, agentId, cancellationToken) is { } ms ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : (DateTimeOffset?)null;
                if (IsDue(set, last, now) && await coordinator.QueueBackupAsync(set.Id, agentId, [StartedBy], StartedBy, cancellationToken) is not null)
                {
                    queued++;
                }
            }
        }

        queued += await RunProactiveAsync([.. linked.Where(s => s.ProactiveIntervalSeconds is not null)], now, cancellationToken);
        return queued + await StartMaintenanceAsync(linked, now, cancellationToken);
    }

    /// <summary>Starts the verify and groom runs due now, each in the background; returns how many started.</summary>
    private async Task<int> StartMaintenanceAsync(IReadOnlyList<SetRecord> linkedSets, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var started = 0;
        foreach (var set in linkedSets.Where(s => (s.VerifyIntervalSeconds is not null || s.GroomIntervalSeconds is not null) && !busy.IsBusy(s.Id)))
        {
            if (set.VerifyIntervalSeconds is { } verifyEvery && await IsDueAsync(set.Id, JobKind.Verify, verifyEvery, now, cancellationToken)
                && !await jobs.AnyRunningBackupAsync(set.Id, cancellationToken)
                && await maintenance.StartScheduledVerifyAsync(set, (int)(set.VerifyDataShare ?? MaintenanceJobs.DefaultDataSharePercent), cancellationToken) is not null)
            {
                started++;
            }

            // Refused while the verify just started runs: the groom is started at a later round.
            if (set.GroomIntervalSeconds is { } groomEvery && await IsDueAsync(set.Id, JobKind.Groom, groomEvery, now, cancellationToken)
                && await maintenance.StartScheduledGroomAsync(set, set.GroomPrune == 1, cancellationToken) is not null)
            {
                started++;
            }
        }

        return started;
    }

    /// <summary>No job of this kind for the set started within the interval (a running one started earlier is refused on start).</summary>
    private async Task<bool> IsDueAsync(string setId, JobKind kind, long intervalSeconds, DateTimeOffset now, CancellationToken cancellationToken) =>
        await jobs.LastCreatedAtAsync(setId, kind, cancellationToken) is not { } last || now >= DateTimeOffset.FromUnixTimeMilliseconds(last).AddSeconds(intervalSeconds);

    /// <summary>Dispatches the proactive sets' most needed backups; returns how many were queued.</summary>
    private async Task<int> RunProactiveAsync(IReadOnlyList<SetRecord> proactiveSets, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (proactiveSets.Count == 0)
        {
            return 0;
        }

        var active = await jobs.CountActiveBackupsAsync(null, cancellationToken);
        var lastGood = (await jobs.LastGoodBackupsAsync(cancellationToken)).ToDictionary(b => (b.AgentId, b.SetId), b => b.FinishedAtMs);
        var queued = 0;
        foreach (var set in proactiveSets.Where(s => BackupWindow.Parse(s.ProactiveWindow).Contains(now)))
        {
            var interval = TimeSpan.FromSeconds(set.ProactiveIntervalSeconds!.Value);
            var setActive = await jobs.CountActiveBackupsAsync(set.Id, cancellationToken);
            var setLimit = set.ProactiveMax is > 0 and var max ? (int)max : int.MaxValue;
            var due = new List<(string AgentId, long? LastGoodMs)>();
            foreach (var (agentId, _, _) in await jobs.AssignmentsAsync(set.Id, cancellationToken))
            {
                var last = lastGood.TryGetValue((agentId, set.Id), out var ms) ? ms : (long?)null;
                if (sessions.IsOnline(agentId) && (last is null || now - DateTimeOffset.FromUnixTimeMilliseconds(last.Value) >= interval)
                    && !await jobs.HasActiveBackupAsync(set.Id, agentId, cancellationToken))
                {
                    due.Add((agentId, last));
                }
            }

            // Never backed up first (null sorts first), then the oldest last good backup.
            foreach (var (agentId, _) in due.OrderBy(d => d.LastGoodMs ?? long.MinValue).ThenBy(d => d.AgentId, StringComparer.Ordinal))
            {
                if (setActive >= setLimit || active >= options.Value.MaxConcurrentBackups)
                {
                    break;
                }

                if (await coordinator.QueueBackupAsync(set.Id, agentId, [ProactiveTag], ProactiveTag, cancellationToken) is not null)
                {
                    (setActive, active, queued) = (setActive + 1, active + 1, queued + 1);
                }
            }
        }

        return queued;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Tick, options.Value.TimeProvider);
        do
        {
            try
            {
                await RunDueAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // A failed round (catalog busy, a set's row unreadable) is retried at the next tick, never fatal.
                ControllerLog.ScheduleFailed(logger, ex);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    private static bool IsDue(SetRecord set, DateTimeOffset? last, DateTimeOffset now)
    {
        if (set.ScheduleIntervalSeconds is { } interval)
        {
            return last is null || now >= last.Value.AddSeconds(interval);
        }

        // A cron time after the last backup (or after the set was created, for the first one) has passed.
        var since = last ?? DateTimeOffset.FromUnixTimeMilliseconds(set.CreatedAtMs);
        return CronSchedule.TryParse(set.ScheduleCron!, out _)?.NextAfter(since) is { } next && next <= now;
    }
}
