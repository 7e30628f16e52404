using System.Threading.Channels;
using Microsoft.Extensions.Time.Testing;

namespace RetroGrid.Dropbox.Tests;

/// <summary>A FakeTimeProvider that reports every timer it creates, so a test can wait until the client is waiting.</summary>
public sealed class SignalingTimeProvider : FakeTimeProvider
{
    private readonly Channel<TimeSpan> _timers = Channel.CreateUnbounded<TimeSpan>();

    public SignalingTimeProvider()
        : base(new DateTimeOffset(2026, 1, 1, 12, 0, 0, TimeSpan.Zero))
    {
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = base.CreateTimer(callback, state, dueTime, period);
        _timers.Writer.TryWrite(dueTime);
        return timer;
    }

    /// <summary>Waits for the next timer whose due time satisfies <paramref name="match"/> and returns that due time.</summary>
    public async Task<TimeSpan> NextTimerAsync(Func<TimeSpan, bool> match, CancellationToken cancellationToken)
    {
        while (true)
        {
            var due = await _timers.Reader.ReadAsync(cancellationToken);
            if (match(due))
            {
                return due;
            }
        }
    }

    /// <summary>Waits for the next back-off timer (anything shorter than an hour) and returns its due time.</summary>
    public Task<TimeSpan> NextDelayAsync(CancellationToken cancellationToken) =>
        NextTimerAsync(d => d > TimeSpan.Zero && d < TimeSpan.FromHours(1), cancellationToken);
}
