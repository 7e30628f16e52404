namespace RetroGrid.Agent.Cli;

/// <summary>Keeps only the newest report; the display samples it at its own pace, so a fast engine never waits on the console.</summary>
internal sealed class LatestProgress<T> : IProgress<T>
    where T : class
{
    private T? _latest;

    public T? Latest => Volatile.Read(ref _latest);

    public void Report(T value) => Volatile.Write(ref _latest, value);
}
