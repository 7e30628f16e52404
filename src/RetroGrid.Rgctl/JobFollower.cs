using System.CommandLine;
using Grpc.Core;
using RetroGrid.Contracts.V1;

namespace RetroGrid.Rgctl;

/// <summary>
/// Follows a job started by <c>backup</c> or <c>restore</c> to its end (exit 0 only if it succeeded). Ctrl+C stops the
/// following, not the job: the job belongs to the controller and its agent, and a watcher going away must not end it.
/// </summary>
internal static class JobFollower
{
    /// <summary>The shell's exit status for a command ended by Ctrl+C (128 + SIGINT).</summary>
    public const int StoppedFollowing = 130;

    public static async Task<int> FollowAsync(RgctlContext context, ParseResult parse, ControllerConnection connection, Job job, bool noWait, CancellationToken cancellationToken)
    {
        if (noWait)
        {
            return await context.PrintAsync(parse, job, $"Job {job.Id} queued.");
        }

        var json = context.Json(parse);
        IJobView? view = json ? null : context.IsRich(parse) ? new LiveJobView(context.Console) : new PlainJobView(context.Out);
        var last = job;
        var stopped = false;
        try
        {
            using var watch = connection.Admin.WatchJob(new WatchJobRequest { JobId = job.Id }, cancellationToken: cancellationToken);
            while (await watch.ResponseStream.MoveNext(cancellationToken))
            {
                last = watch.ResponseStream.Current;
                if (view is not null)
                {
                    await view.ShowAsync(last);
                }
            }
        }
        catch (Exception ex) when (cancellationToken.IsCancellationRequested && ex is OperationCanceledException or RpcException { StatusCode: StatusCode.Cancelled })
        {
            stopped = true;
        }
        finally
        {
            // Whatever ended the watch (the job, Ctrl+C, a lost connection), what follows starts on a line of its own.
            if (view is not null)
            {
                await view.EndAsync();
            }
        }

        if (stopped)
        {
            await context.Error.WriteLineAsync(
                $"Stopped following job {last.Id}; it goes on ({Display.State(last.State)}). See it with `rgctl jobs`, or cancel it: rgctl cancel {last.Id}");
            return StoppedFollowing;
        }

        if (view is null)
        {
            await context.PrintAsync(parse, last);
        }
        else
        {
            await PrintOutcomeAsync(context, last);
        }

        return last.State == JobState.Succeeded ? 0 : 1;
    }

    private static async Task PrintOutcomeAsync(RgctlContext context, Job job)
    {
        foreach (var warning in job.Warnings)
        {
            await context.Out.WriteLineAsync($"warning: {warning.Path}: {warning.Code} {warning.Message}");
        }

        await context.Out.WriteLineAsync(JobSummary.Render(job));

        // A failed job is an error like any other: its code and next step go to stderr, where scripts and people look.
        if (job.State == JobState.Failed && job.Error is { Code.Length: > 0 } error)
        {
            await context.Error.WriteLineAsync($"{error.Code}: {error.Message}");
            if (error.NextStep.Length > 0)
            {
                await context.Error.WriteLineAsync($"Next step: {error.NextStep}");
            }
        }
    }
}
