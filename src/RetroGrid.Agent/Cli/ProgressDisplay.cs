using Spectre.Console;

namespace RetroGrid.Agent.Cli;

/// <summary>
/// Shows a running job's progress: a live Spectre.Console bar on a terminal, otherwise a plain line on stderr every
/// few seconds (CI logs, redirected output, --json), so stdout only ever carries the result.
/// </summary>
internal static class ProgressDisplay
{
    private static readonly TimeSpan TerminalRefresh = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan PlainInterval = TimeSpan.FromSeconds(5);

    public static async Task<TResult> RunAsync<TResult, TProgress>(
        CommandContext context, string title, Func<IProgress<TProgress>, Task<TResult>> work, Func<TProgress, ProgressLine> describe)
        where TProgress : class
    {
        var progress = new LatestProgress<TProgress>();
        var job = work(progress);
        if (context.IsRich)
        {
            var status = new StatusColumn();
            await context.CreateAnsiConsole().Progress()
                .AutoClear(false)
                .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), status)
                .StartAsync(async display =>
                {
                    var task = display.AddTask(Markup.Escape(title));
                    await SampleUntilDoneAsync(job, TerminalRefresh, context.Console.TimeProvider, () => Update(task, status, progress.Latest, describe));
                    if (job.IsCompletedSuccessfully)
                    {
                        task.Value = task.MaxValue;
                    }
                });
        }
        else
        {
            TProgress? written = null;
            await SampleUntilDoneAsync(job, PlainInterval, context.Console.TimeProvider, () =>
            {
                if (progress.Latest is { } latest && !ReferenceEquals(latest, written))
                {
                    written = latest;
                    context.Console.Error.WriteLine($"{title}: {describe(latest).Text}");
                }
            });
        }

        return await job;
    }

    private static async Task SampleUntilDoneAsync(Task job, TimeSpan interval, TimeProvider timeProvider, Action sample)
    {
        while (!job.IsCompleted)
        {
            // The delay is the display's pace only; the job itself observes cancellation, so we wait for it to end.
            await Task.WhenAny(job, Task.Delay(interval, timeProvider, CancellationToken.None));
            sample();
        }
    }

    private static void Update<TProgress>(ProgressTask task, StatusColumn status, TProgress? latest, Func<TProgress, ProgressLine> describe)
        where TProgress : class
    {
        if (latest is null)
        {
            return;
        }

        var line = describe(latest);
        task.IsIndeterminate = line.Max <= 0;
        task.MaxValue = Math.Max(line.Max, 1);
        task.Value = Math.Min(line.Value, task.MaxValue);
        status.Text = line.Text;
    }
}
