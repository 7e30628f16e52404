using System.Collections.Concurrent;
using System.Threading.Channels;
using RetroGrid.Contracts.V1;

namespace RetroGrid.Controller.Jobs;

/// <summary>
/// Live job news for WatchJob: the latest progress of running jobs (kept in memory only; the catalog gets the
/// outcome) and a feed per watcher. A slow watcher drops intermediate updates, never the final one.
/// </summary>
internal sealed class JobUpdates
{
    private readonly ConcurrentDictionary<string, JobProgress> _progress = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<Channel<string>, byte>> _watchers = new(StringComparer.Ordinal);

    public JobProgress? ProgressOf(string jobId) => _progress.GetValueOrDefault(jobId);

    public void Progress(JobProgress progress)
    {
        _progress[progress.JobId] = progress;
        Notify(progress.JobId);
    }

    /// <summary>The job changed state: watchers re-read it; its in-memory progress is dropped once it ended.</summary>
    public void Changed(string jobId, bool ended)
    {
        if (ended)
        {
            _progress.TryRemove(jobId, out _);
        }

        Notify(jobId);
    }

    /// <summary>A feed of "the job changed" signals until disposed.</summary>
    public Subscription Watch(string jobId)
    {
        // Capacity 1, keep the newest: a watcher only needs to know that something changed since it last looked.
        var channel = Channel.CreateBounded<string>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropOldest });
        _watchers.GetOrAdd(jobId, _ => new ConcurrentDictionary<Channel<string>, byte>())[channel] = 0;
        return new Subscription(this, jobId, channel);
    }

    private void Notify(string jobId)
    {
        if (_watchers.TryGetValue(jobId, out var channels))
        {
            foreach (var channel in channels.Keys)
            {
                channel.Writer.TryWrite(jobId);
            }
        }
    }

    /// <summary>One watcher's feed.</summary>
    internal sealed class Subscription(JobUpdates owner, string jobId, Channel<string> channel) : IDisposable
    {
        public ChannelReader<string> Changes => channel.Reader;

        public void Dispose()
        {
            if (owner._watchers.TryGetValue(jobId, out var channels))
            {
                channels.TryRemove(channel, out _);
            }
        }
    }
}
