using System.Collections.Concurrent;

namespace RetroGrid.Core.Compression;

/// <summary>
/// Reuses zstd contexts across calls and threads. A context holds hundreds of KiB of tables, too costly to build per
/// blob, and is not thread-safe; the pool grows to the pipeline's concurrency and no further.
/// </summary>
internal sealed class ContextPool<T>
    where T : class
{
    private readonly ConcurrentBag<T> _idle = [];
    private readonly Func<T> _create;

    public ContextPool(Func<T> create)
    {
        _create = create;
    }

    public T Rent() => _idle.TryTake(out var context) ? context : _create();

    public void Return(T context) => _idle.Add(context);
}
