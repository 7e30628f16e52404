using RetroGrid.Contracts.V1;

namespace RetroGrid.Rgctl;

/// <summary>
/// For pipes and logs: one line each time the job's state changes (not per progress update, which would flood a log
/// with a line every fraction of a second).
/// </summary>
internal sealed class PlainJobView(TextWriter output) : IJobView
{
    private JobState? _shown;

    public async Task ShowAsync(Job job)
    {
        if (job.State == _shown)
        {
            return;
        }

        _shown = job.State;
        await output.WriteLineAsync($"{job.Id} {Display.State(job.State),-10} {job.Statistics?.FilesDone ?? 0} files {Display.Result(job)}");
    }

    public Task EndAsync() => Task.CompletedTask;
}
