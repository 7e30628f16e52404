namespace RetroGrid.Core.Backup;

/// <summary>
/// Calls a progress callback every interval on the injected clock (throttling: stages update counters freely, the
/// callback sees at most one report per interval) and once more, final, on dispose. Shared by backup and restore.
/// </summary>
internal sealed class PeriodicReporter<T> : IDisposable
{
    private readonly IProgress<T>? _progress;
    private readonly Func<TimeSpan, T> _snapshot;
    private readonly TimeProvider _time;
    private readonly long _started;
    private readonly ITimer? _timer;

    public PeriodicReporter(IProgress<T>? progress, Func<TimeSpan, T> snapshot, TimeProvider time, TimeSpan interval)
    {
        _progress = progress;
        _snapshot = snapshot;
        _time = time;
        _started = time.GetTimestamp();
        _timer = progress is null ? null : time.CreateTimer(static state => ((PeriodicReporter<T>)state!).Report(), this, interval, interval);
    }

    public TimeSpan Elapsed => _time.GetElapsedTime(_started);

    public void Report() => _progress?.Report(_snapshot(Elapsed));

    public void Dispose()
    {
        _timer?.Dispose();
        Report();
    }
}
