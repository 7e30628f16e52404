using System.Collections.Concurrent;

namespace RetroGrid.Dropbox.Tests;

/// <summary>
/// Real clock, but every timer fires at once and its requested delay is recorded: integration tests can check that
/// the client waited what Dropbox asked for (Retry-After) without spending the time. Use with an infinite
/// <see cref="DropboxClientOptions.OperationTimeout"/>, whose timer would otherwise fire too.
/// </summary>
public sealed class InstantDelayTimeProvider : TimeProvider
{
    public ConcurrentQueue<TimeSpan> Delays { get; } = new();

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        Delays.Enqueue(dueTime);
        return System.CreateTimer(callback, state, dueTime == Timeout.InfiniteTimeSpan ? dueTime : TimeSpan.Zero, period);
    }
}
