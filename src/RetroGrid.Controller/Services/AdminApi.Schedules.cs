using Grpc.Core;
using RetroGrid.Contracts.V1;
using RetroGrid.Controller.Catalog;
using RetroGrid.Controller.Jobs;

namespace RetroGrid.Controller.Services;

/// <summary>The admin API's part of SetSchedule for the runs the controller makes by itself: verify and groom.</summary>
internal sealed partial class AdminApi
{
    /// <summary>A verify or groom schedule's shortest interval, as for backups.</summary>
    private const int MinimumIntervalSeconds = 60;

    /// <summary>
    /// The verify and groom schedules asked for, checked before anything is stored: null leaves one as it is, an
    /// interval of 0 turns it off.
    /// </summary>
    private static (VerifySchedule? Verify, GroomSchedule? Groom) MaintenanceSchedulesOf(SetScheduleRequest request)
    {
        if (request.VerifySchedule is { } verify
            && (verify.IntervalSeconds is < 0 or > 0 and < MinimumIntervalSeconds || verify.DataSharePercent is < 0 or > 100))
        {
            throw new RpcException(new Status(StatusCode.InvalidArgument, "A verify schedule's interval is 0 (off) or at least 60 seconds, and its data share 0 to 100 percent."));
        }

        if (request.GroomSchedule is { IntervalSeconds: < 0 or > 0 and < MinimumIntervalSeconds })
        {
            throw new RpcException(new Status(StatusCode.InvalidArgument, "A groom schedule's interval is 0 (off) or at least 60 seconds."));
        }

        return (request.VerifySchedule, request.GroomSchedule);
    }

    /// <summary>The set's verify and groom schedules as the admin API shows them (null: only on request).</summary>
    private static (VerifySchedule? Verify, GroomSchedule? Groom) MaintenanceSchedulesOf(SetRecord set) =>
    (
        set.VerifyIntervalSeconds is { } verifyEvery
            ? new VerifySchedule { IntervalSeconds = (int)verifyEvery, DataSharePercent = (int)(set.VerifyDataShare ?? MaintenanceJobs.DefaultDataSharePercent) }
            : null,
        set.GroomIntervalSeconds is { } groomEvery ? new GroomSchedule { IntervalSeconds = (int)groomEvery, Prune = set.GroomPrune == 1 } : null);

    private async Task SetMaintenanceSchedulesAsync(string setId, VerifySchedule? verify, GroomSchedule? groom, ServerCallContext context)
    {
        if (verify is not null)
        {
            await sets.SetVerifyScheduleAsync(setId, verify.IntervalSeconds == 0 ? null : (verify.IntervalSeconds, verify.DataSharePercent), context.CancellationToken);
        }

        if (groom is not null)
        {
            await sets.SetGroomScheduleAsync(setId, groom.IntervalSeconds == 0 ? null : (groom.IntervalSeconds, groom.Prune), context.CancellationToken);
        }
    }

    private static string ScheduleAudit(SetScheduleRequest request) =>
        $"backups {(request.KeepBackupSchedule ? "unchanged" : request.Schedule?.ToString() ?? "none")}, "
        + $"verify {request.VerifySchedule?.ToString() ?? "unchanged"}, groom {request.GroomSchedule?.ToString() ?? "unchanged"}";
}
