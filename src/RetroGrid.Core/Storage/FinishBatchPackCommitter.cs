using RetroGrid.Dropbox;

namespace RetroGrid.Core.Storage;

/// <summary>
/// Groups closed upload sessions into <c>finish_batch_v2</c> calls: one namespace lock per batch rather than per pack,
/// which is what keeps Dropbox from answering <c>too_many_write_operations</c>. A batch goes out when
/// <see cref="FinishBatchPackCommitterOptions.BatchSize"/> sessions wait, when the flush timer fires, or on
/// <see cref="FlushAsync"/>. Each caller gets its own entry's outcome; a caller's cancellation only stops its wait.
/// </summary>
public sealed class FinishBatchPackCommitter : IPackCommitter, IAsyncDisposable
{
    private const string Route = "files/upload_session/finish_batch_v2";
    private readonly DropboxClient _client;
    private readonly FinishBatchPackCommitterOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly Lock _lock = new();
    private readonly CancellationTokenSource _disposed = new();
    private readonly HashSet<Task> _inFlight = [];
    private List<PendingCommit> _pending = [];
    private ITimer? _timer;

    public FinishBatchPackCommitter(DropboxClient client, FinishBatchPackCommitterOptions? options = null, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        _client = client;
        _options = options ?? new FinishBatchPackCommitterOptions();
        _options.Validate();
        _timeProvider = timeProvider ?? TimeProvider.System;
    }

    public async Task<DropboxFileMetadata> CommitAsync(PackCommit pack, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(pack);
        var entry = pack.Session;
        ObjectDisposedException.ThrowIf(_disposed.IsCancellationRequested, this);
        var pending = new PendingCommit(entry);
        List<PendingCommit>? full = null;
        lock (_lock)
        {
            _pending.Add(pending);
            // A zero delay means "no batching by time": commit at once rather than arm a timer that fires immediately.
            if (_pending.Count >= _options.BatchSize || _options.FlushDelay == TimeSpan.Zero)
            {
                full = TakePending();
            }
            else
            {
                _timer ??= _timeProvider.CreateTimer(static state => ((FinishBatchPackCommitter)state!).OnTimer(), this, _options.FlushDelay, Timeout.InfiniteTimeSpan);
            }
        }

        if (full is not null)
        {
            Start(full);
        }

        return await pending.Outcome.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task FlushAsync(CancellationToken cancellationToken)
    {
        List<PendingCommit> batch;
        lock (_lock)
        {
            batch = TakePending();
        }

        if (batch.Count > 0)
        {
            Start(batch);
        }

        Task[] running;
        lock (_lock)
        {
            running = [.. _inFlight];
        }

        await Task.WhenAll(running).WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        if (_disposed.IsCancellationRequested)
        {
            return;
        }

        await FlushAsync(CancellationToken.None).ConfigureAwait(false);
        await _disposed.CancelAsync().ConfigureAwait(false);
        _disposed.Dispose();
    }

    private void OnTimer()
    {
        List<PendingCommit> batch;
        lock (_lock)
        {
            batch = TakePending();
        }

        if (batch.Count > 0)
        {
            Start(batch);
        }
    }

    /// <summary>Caller holds the lock.</summary>
    private List<PendingCommit> TakePending()
    {
        var batch = _pending;
        _pending = [];
        _timer?.Dispose();
        _timer = null;
        return batch;
    }

    private void Start(List<PendingCommit> batch)
    {
        var task = CommitBatchAsync(batch);
        lock (_lock)
        {
            _inFlight.Add(task);
        }

        // Registered after the add, so the removal cannot run before it even if the batch finished already.
        _ = task.ContinueWith(
            static (done, state) => ((FinishBatchPackCommitter)state!).Forget(done),
            this, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    private void Forget(Task done)
    {
        lock (_lock)
        {
            _inFlight.Remove(done);
        }
    }

    /// <summary>Never throws: every outcome, including a failed call, is handed to the waiting callers.</summary>
    private async Task CommitBatchAsync(List<PendingCommit> batch)
    {
        await Task.Yield();
        try
        {
            var results = await _client.FinishUploadBatchAsync([.. batch.Select(p => p.Entry)], _disposed.Token).ConfigureAwait(false);
            for (var i = 0; i < batch.Count; i++)
            {
                if (results[i] is { Metadata: { } metadata, Failure: null })
                {
                    batch[i].Outcome.TrySetResult(metadata);
                }
                else
                {
                    var failure = results[i].Failure!;
                    batch[i].Outcome.TrySetException(new DropboxApiException(
                        failure.Code, Route, System.Net.HttpStatusCode.OK, failure.TagPath, failure.Raw, detail: $"Committing {batch[i].Entry.Commit.Path} failed."));
                }
            }
        }
        catch (Exception ex)
        {
            foreach (var pending in batch)
            {
                pending.Outcome.TrySetException(ex);
            }
        }
    }

    private sealed class PendingCommit(DropboxFinishBatchEntry entry)
    {
        public DropboxFinishBatchEntry Entry { get; } = entry;

        public TaskCompletionSource<DropboxFileMetadata> Outcome { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
