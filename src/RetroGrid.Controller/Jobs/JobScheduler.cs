using Microsoft.Extensions.Options;
using RetroGrid.Contracts.V1;
using RetroGrid.Controller.Catalog;
using RetroGrid.Controller.Hosting;

namespace RetroGrid.Controller.Jobs;

/// <summary>
/// Queues the scheduled backups: once a minute, for every linked set with a schedule and every agent assigned to it,
/// a backup is queued when it is due (interval since the last backup job, or a cron time since then) and none is
/// queued or running. An offline agent's job simply waits for it, and is not queued twice.
/// </summary>
internal sealed class JobScheduler(SetRegistry sets, JobRegistry jobs, JobCoordinator coordinator, IOptions<ControllerOptions> options, ILogger<JobScheduler> logger)
    : BackgroundService
{
    public const string StartedBy = "schedule";

    private static readonly TimeSpan Tick = TimeSpan.FromMinutes(1);

    /// <summary>Queues every backup that is due now; returns how many.</summary>
    public async Task<int> RunDueAsync(CancellationToken cancellationToken)
    {
        var now = options.Value.TimeProvider.GetUtcNow();
        var queued = 0;
        foreach (var set in await sets.ListAsync(cancellationToken))
        {
            if (set.LinkState is not (LinkState.Linked or LinkState.LegacyToken) || (set.ScheduleIntervalSeconds is null && set.ScheduleCron is null))
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
