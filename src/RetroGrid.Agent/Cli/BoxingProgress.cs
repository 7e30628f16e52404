namespace RetroGrid.Agent.Cli;

/// <summary>Adapts a progress sink for boxed reports to one for struct reports.</summary>
internal sealed class BoxingProgress<T> : IProgress<T>
    where T : struct
{
    private readonly IProgress<Box<T>> _inner;

    public BoxingProgress(IProgress<Box<T>> inner) => _inner = inner;

    public void Report(T value) => _inner.Report(new Box<T>(value));
}
