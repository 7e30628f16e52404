namespace RetroGrid.Core.Check.Tests;

/// <summary>Calls back on the reporting thread (unlike <see cref="Progress{T}"/>), so a test sees every report before the run returns.</summary>
internal sealed class SynchronousProgress<T> : IProgress<T>
{
    private readonly Action<T> _report;
    private readonly Lock _lock = new();

    public SynchronousProgress(Action<T> report) => _report = report;

    public void Report(T value)
    {
        lock (_lock)
        {
            _report(value);
        }
    }
}
