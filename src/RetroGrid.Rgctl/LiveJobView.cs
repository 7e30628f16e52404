using RetroGrid.Contracts.V1;

namespace RetroGrid.Rgctl;

/// <summary>
/// For a person at a terminal: one progress line redrawn in place (carriage return, no ANSI codes, so any terminal
/// will do) with the bar, counters, rate and ETA. The rate is measured on our own clock from the first running
/// update we saw, because the controller's timestamps come from another machine's clock.
/// </summary>
internal sealed class LiveJobView(RgctlConsole console) : IJobView
{
    private int _drawn;
    private (DateTimeOffset Time, long Bytes)? _firstRunning;

    public async Task ShowAsync(Job job)
    {
        // One column short of the width: writing into the last column makes some terminals wrap at once, and then the
        // carriage return would only go back to the start of the second line.
        var width = Math.Max(console.Width() - 1, 1);
        var frame = ProgressFrame.Render(job, RateOf(job), width, console.Unicode);
        await console.Out.WriteAsync("\r" + frame.PadRight(Math.Min(_drawn, width)));
        await console.Out.FlushAsync();
        _drawn = frame.Length;
    }

    public async Task EndAsync()
    {
        if (_drawn > 0)
        {
            await console.Out.WriteLineAsync();
            _drawn = 0;
        }
    }

    private double? RateOf(Job job)
    {
        if (job.State != JobState.Running)
        {
            return null;
        }

        var now = console.TimeProvider.GetUtcNow();
        var bytes = ProgressFrame.MovedBytes(job);
        if (_firstRunning is not { } first)
        {
            _firstRunning = (now, bytes);
            return null;
        }

        var seconds = (now - first.Time).TotalSeconds;
        return seconds > 0 ? (bytes - first.Bytes) / seconds : null;
    }
}
