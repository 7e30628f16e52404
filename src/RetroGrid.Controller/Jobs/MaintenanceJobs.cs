using RetroGrid.Contracts.V1;
using RetroGrid.Controller.Catalog;
using RetroGrid.Controller.Grooming;
using RetroGrid.Controller.Sets;

namespace RetroGrid.Controller.Jobs;

/// <summary>
/// Verify and groom as jobs the controller runs (<see cref="ControllerJobs"/>): for the admin API, inside the caller's
/// call (its progress goes to the caller, the job's id comes back with the result), and for the scheduler, in the
/// background. A verify that finds problems ends failed (RG3043) with the first 100 as the job's warnings; either
/// way the set's last verify (when, how many problems) is recorded for the metrics before the job ends.
/// </summary>
internal sealed class MaintenanceJobs(ControllerJobs jobs, SetVerifier verifier, SetGroomer groomer, SetRegistry sets, TimeProvider time)
{
    /// <summary>Problems a verify job keeps as warnings; the count is in its statistics.</summary>
    public const int MaxWarnings = 100;

    /// <summary>A scheduled verify's data share when none was given.</summary>
    public const int DefaultDataSharePercent = 10;

    /// <summary>Verifies the set as a job started by <paramref name="startedBy"/>; the last report carries the job's id.</summary>
    public async Task VerifyAsync(SetRecord set, int dataSharePercent, string startedBy, Func<VerifyProgress, Task> report, CancellationToken cancellationToken)
    {
        var job = await jobs.BeginAsync(JobKind.Verify, set.Id, VerifySpec(set, dataSharePercent), startedBy, exclusive: false, cancellationToken)
            ?? throw new InvalidOperationException("A job that is not exclusive is always recorded.");
        VerifyProgress? result = null;
        await jobs.RunAsync(job, async ct => VerifyOutcome(result = await RunVerifyAsync(set, dataSharePercent, report, ct)), cancellationToken);
        result!.JobId = job.Id;
        await report(result);
    }

    /// <summary>Grooms the set (not a dry run: those are not recorded) as a job; the response carries the job's id.</summary>
    public async Task<GroomSetResponse> GroomAsync(SetRecord set, GroomOptions options, string startedBy, CancellationToken cancellationToken)
    {
        var job = await jobs.BeginAsync(JobKind.Groom, set.Id, GroomSpec(set, options), startedBy, exclusive: false, cancellationToken)
            ?? throw new InvalidOperationException("A job that is not exclusive is always recorded.");
        GroomSetResponse? response = null;
        await jobs.RunAsync(job, async ct => GroomOutcome(response = await groomer.GroomAsync(set, options with { DryRun = false, JobId = job.Id }, ct)), cancellationToken);
        response!.JobId = job.Id;
        return response;
    }

    /// <summary>Starts a scheduled verify in the background; null when another job of the controller runs on the set.</summary>
    public async Task<JobRecord?> StartScheduledVerifyAsync(SetRecord set, int dataSharePercent, CancellationToken cancellationToken)
    {
        var job = await jobs.BeginAsync(JobKind.Verify, set.Id, VerifySpec(set, dataSharePercent), JobScheduler.StartedBy, exclusive: true, cancellationToken);
        if (job is not null)
        {
            jobs.RunInBackground(job, async ct => VerifyOutcome(await RunVerifyAsync(set, dataSharePercent, _ => Task.CompletedTask, ct)));
        }

        return job;
    }

    /// <summary>Starts a scheduled groom in the background; null when another job of the controller runs on the set.</summary>
    public async Task<JobRecord?> StartScheduledGroomAsync(SetRecord set, bool prune, CancellationToken cancellationToken)
    {
        var options = new GroomOptions(DryRun: false, prune);
        var job = await jobs.BeginAsync(JobKind.Groom, set.Id, GroomSpec(set, options), JobScheduler.StartedBy, exclusive: true, cancellationToken);
        if (job is not null)
        {
            jobs.RunInBackground(job, async ct => GroomOutcome(await groomer.GroomAsync(set, options with { JobId = job.Id }, ct)));
        }

        return job;
    }

    /// <summary>Runs the verify, passing on its progress; returns its final report after recording it as the set's last verify.</summary>
    private async Task<VerifyProgress> RunVerifyAsync(SetRecord set, int dataSharePercent, Func<VerifyProgress, Task> report, CancellationToken cancellationToken)
    {
        VerifyProgress? result = null;
        await verifier.VerifyAsync(
            set,
            dataSharePercent,
            progress =>
            {
                if (!progress.Finished)
                {
                    return report(progress);
                }

                result = progress;
                return Task.CompletedTask;
            },
            cancellationToken);
        var finished = result ?? throw new InvalidOperationException("The verifier ended without its final report.");
        await sets.SetLastVerifyAsync(set.Id, time.GetUtcNow().ToUnixTimeMilliseconds(), finished.Problems.Count, cancellationToken);
        return finished;
    }

    private static VerifySetRequest VerifySpec(SetRecord set, int dataSharePercent) => new() { Set = set.Id, DataSharePercent = dataSharePercent };

    private static GroomSetRequest GroomSpec(SetRecord set, GroomOptions options) =>
        new() { Set = set.Id, Prune = options.Prune, RepackBelowPercent = options.RepackBelowPercent };

    private static JobOutcome VerifyOutcome(VerifyProgress result)
    {
        var outcome = new JobOutcome
        {
            State = result.Problems.Count == 0 ? JobState.Succeeded : JobState.Failed,
            Statistics = new JobStatistics
            {
                PacksChecked = result.Packs,
                PacksRead = result.PacksRead,
                BytesRead = result.BytesRead,
                SnapshotsChecked = result.Snapshots,
                Problems = result.Problems.Count,
            },
        };
        outcome.Warnings.AddRange(result.Problems.Take(MaxWarnings).Select(p => new JobWarning { Path = p.Object, Code = p.Code, Message = p.Message }));
        if (result.Problems.Count > 0)
        {
            var code = ControllerErrorCodes.VerifyFoundProblems;
            outcome.Error = new ErrorInfo { Code = code.Code, Message = $"{code.Message} ({result.Problems.Count} found)", NextStep = code.NextStep };
        }

        return outcome;
    }

    private static JobOutcome GroomOutcome(GroomSetResponse response) => new()
    {
        State = JobState.Succeeded,
        Statistics = new JobStatistics
        {
            SnapshotsForgotten = response.Forgotten,
            PacksDeleted = response.PacksDeleted,
            BytesReclaimed = response.BytesReclaimed,
            PacksRepacked = response.PacksRepacked,
            BytesRepacked = response.BytesWritten,
        },
    };
}
