using RetroGrid.Core.Hashing;
using RetroGrid.Core.Index;

namespace RetroGrid.Controller.Dedup;

/// <summary>
/// One set's answer to "which of these blobs are missing?" across every agent: the blobs in committed packs
/// (<see cref="BlobIdSet"/>), plus the claims of running backup jobs on blobs they were told to store. A claimed blob
/// is reported held to other jobs, which "borrow" it; before a job writes its snapshot it confirms that everything it
/// borrowed has been committed (<see cref="ConfirmAsync"/>), so no snapshot can reference a blob that never arrived.
/// </summary>
/// <remarks>
/// Claims live in memory only: a controller restart ends them, and the next answers fall back to committed packs
/// (a blob may then be stored twice, never lost). Committing adds a pack's ids to the committed set before its claims
/// are dropped, so while the claims lock is held an id without a claim is either committed or free to claim.
/// </remarks>
internal sealed class SetBlobIndex : IDisposable
{
    private readonly BlobIdSet _committed;
    private readonly Lock _lock = new();
    private readonly Dictionary<BlobId, JobClaims> _claims = [];
    private readonly Dictionary<string, JobClaims> _jobs = new(StringComparer.Ordinal);

    /// <summary>Completed (and replaced) whenever a pack commits or a job settles: what confirming jobs wait on.</summary>
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public SetBlobIndex(BlobIdSet committed) => _committed = committed;

    /// <summary>Blobs in committed packs.</summary>
    public int CommittedCount => _committed.Count;

    /// <summary>Blobs claimed by running jobs and not committed yet.</summary>
    public int ClaimedCount
    {
        get
        {
            lock (_lock)
            {
                return _claims.Count;
            }
        }
    }

    /// <summary>
    /// Positions in <paramref name="ids"/> of the blobs <paramref name="jobId"/> must store, ascending; the job now holds
    /// claims on them. Ids held through another job's claim are remembered as borrowed by this one.
    /// </summary>
    public List<int> FindMissing(string jobId, ReadOnlySpan<BlobId> ids)
    {
        Span<int> candidates = ids.Length <= 1024 ? stackalloc int[ids.Length] : new int[ids.Length];
        var count = _committed.FindMissing(ids, candidates);
        var missing = new List<int>(count);
        if (count == 0)
        {
            return missing;
        }

        lock (_lock)
        {
            var job = JobOf(jobId);
            foreach (var index in candidates[..count])
            {
                var id = ids[index];
                if (_claims.TryGetValue(id, out var claimant))
                {
                    if (claimant == job)
                    {
                        missing.Add(index); // Asked again (a retried call): still this job's to store.
                    }
                    else
                    {
                        job.Borrowed.Add((id, claimant));
                    }
                }
                else if (!_committed.Contains(id))
                {
                    // A settled job (one that already confirmed) claims nothing: it will not store more packs.
                    if (!job.Settled.Task.IsCompleted)
                    {
                        _claims.Add(id, job);
                        job.Claimed.Add(id);
                    }

                    missing.Add(index);
                }
            }
        }

        return missing;
    }

    /// <summary>A pack is committed: its blobs are held from now on, and the claims on them end.</summary>
    public void AddCommitted(ReadOnlySpan<BlobId> ids)
    {
        _committed.AddRange(ids);
        lock (_lock)
        {
            foreach (var id in ids)
            {
                if (_claims.Remove(id, out var claimant))
                {
                    claimant.Claimed.Remove(id);
                }
            }

            SignalChange();
        }
    }

    /// <summary>
    /// Pruning is about to delete packs holding these blobs: from now on they count as missing, so later backups store
    /// them again rather than be told they are held.
    /// </summary>
    public void RemoveCommitted(IEnumerable<BlobId> ids)
    {
        foreach (var id in ids)
        {
            _committed.Remove(id);
        }
    }

    /// <summary>
    /// <paramref name="jobId"/> has committed all it will: its remaining claims end and jobs waiting on it go on. Then
    /// waits until every blob it borrowed is committed, or its claimant has settled without committing it, or
    /// <paramref name="maxWait"/> has passed; returns the borrowed blobs that are not committed: the job's snapshot must
    /// not be written. Jobs settle before they wait, so jobs that borrowed from each other never wait on each other.
    /// </summary>
    public async Task<IReadOnlyList<BlobId>> ConfirmAsync(string jobId, TimeSpan maxWait, TimeProvider time, CancellationToken cancellationToken)
    {
        List<(BlobId Id, JobClaims Claimant)> waiting;
        lock (_lock)
        {
            var job = JobOf(jobId);
            Settle(job);
            waiting = [.. job.Borrowed];
            job.Borrowed.Clear();
        }

        var missing = new HashSet<BlobId>();
        var deadline = time.GetUtcNow() + maxWait;
        while (true)
        {
            Task changed;
            lock (_lock)
            {
                waiting.RemoveAll(borrowed => IsResolved(borrowed, missing));
                if (waiting.Count == 0)
                {
                    return [.. missing];
                }

                changed = _changed.Task;
            }

            var left = deadline - time.GetUtcNow();
            if (left <= TimeSpan.Zero)
            {
                // Claimants still running after maxWait: what they have not committed yet counts as missing.
                missing.UnionWith(waiting.Select(b => b.Id));
                return [.. missing];
            }

            try
            {
                await changed.WaitAsync(left, time, cancellationToken).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                // Judged at the top of the loop.
            }
        }
    }

    /// <summary>The job ended (any outcome): its claims end and it is forgotten.</summary>
    public void EndJob(string jobId)
    {
        lock (_lock)
        {
            if (_jobs.Remove(jobId, out var job))
            {
                Settle(job);
            }
        }
    }

    public void Dispose() => _committed.Dispose();

    /// <summary>Caller holds the lock: a borrowed blob is resolved once committed, or lost once its claimant settled without it.</summary>
    private bool IsResolved((BlobId Id, JobClaims Claimant) borrowed, HashSet<BlobId> missing)
    {
        if (_committed.Contains(borrowed.Id))
        {
            return true;
        }

        if (!borrowed.Claimant.Settled.Task.IsCompleted)
        {
            return false;
        }

        missing.Add(borrowed.Id);
        return true;
    }

    /// <summary>Caller holds the lock.</summary>
    private JobClaims JobOf(string jobId)
    {
        if (!_jobs.TryGetValue(jobId, out var job))
        {
            _jobs.Add(jobId, job = new JobClaims());
        }

        return job;
    }

    /// <summary>Caller holds the lock: drops the job's claims (they will not be committed now) and releases its borrowers.</summary>
    private void Settle(JobClaims job)
    {
        foreach (var id in job.Claimed)
        {
            _claims.Remove(id);
        }

        job.Claimed.Clear();
        job.Settled.TrySetResult();
        SignalChange();
    }

    /// <summary>Caller holds the lock.</summary>
    private void SignalChange()
    {
        var changed = _changed;
        _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        changed.TrySetResult();
    }

    /// <summary>What one job claimed and borrowed.</summary>
    private sealed class JobClaims
    {
        public HashSet<BlobId> Claimed { get; } = [];

        public List<(BlobId Id, JobClaims Claimant)> Borrowed { get; } = [];

        /// <summary>Completed when the job has committed all it will (it confirmed, or it ended).</summary>
        public TaskCompletionSource Settled { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
