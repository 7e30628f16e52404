using Google.Protobuf;
using RetroGrid.Contracts.V1;
using RetroGrid.Controller.Catalog;
using RetroGrid.Controller.Dedup;
using RetroGrid.Controller.Services;
using RetroGrid.Dropbox;

namespace RetroGrid.Controller.Jobs;

/// <summary>
/// Jobs from queue to outcome: a job waits in the catalog until its agent is online, goes down the agent's Connect
/// stream, reports progress (memory only) and ends with the agent's outcome (catalog), acknowledged so the agent can
/// forget it. After a reconnect the agent names the jobs it still runs; a job the controller thought running that
/// the agent no longer has ended with the agent (restart, crash) and is failed with RG3030. Jobs the controller runs
/// itself (<see cref="ControllerJobs"/>, agent id empty) are never dispatched, settled or finished for an agent here:
/// every method taking an agent id ignores the empty one.
/// </summary>
internal sealed class JobCoordinator(
    JobRegistry jobs, SnapshotRegistry snapshots, AgentRegistry agents, AgentSessions sessions, JobUpdates updates, FleetDedupIndex dedup,
    ControllerJobs controllerJobs, Telemetry.ControllerMetrics metrics, Telemetry.FleetMetrics fleet, TimeProvider time, ILogger<JobCoordinator> logger)
{
    private static readonly JsonFormatter Json = new(JsonFormatter.Settings.Default.WithFormatDefaultValues(false));
    private static readonly JsonParser Parser = new(JsonParser.Settings.Default.WithIgnoreUnknownFields(true));
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, SemaphoreSlim> _perAgent = new(StringComparer.Ordinal);

    /// <summary>Queues a job and sends it at once if its agent is online.</summary>
    public async Task<JobRecord> QueueAsync(StartJob start, JobKind kind, string agentId, string startedBy, CancellationToken cancellationToken)
    {
        // The job's trace: the agent continues it from the context the spec carries.
        using var activity = Telemetry.ControllerTracing.Source.StartActivity($"retrogrid.job.queue {Telemetry.ControllerMetrics.KindName(kind)}");
        activity?.SetTag("retrogrid.job.id", start.JobId);
        activity?.SetTag("retrogrid.set.id", start.SetId);
        activity?.SetTag("retrogrid.agent.id", agentId);
        // Only a trace something records: an unrecorded parent would make the agent drop its own spans too.
        start.TraceParent = (activity ?? System.Diagnostics.Activity.Current) is { Recorded: true } current ? current.Id ?? string.Empty : string.Empty;
        var record = new JobRecord { Id = start.JobId, Kind = kind, SetId = start.SetId, AgentId = agentId, SpecJson = Json.Format(start), StartedBy = startedBy };
        await jobs.AddAsync(record, cancellationToken);
        ControllerLog.JobQueued(logger, record.Id, kind.ToString(), agentId);
        await DispatchAsync(agentId, cancellationToken);
        return await jobs.FindAsync(record.Id, cancellationToken) ?? record;
    }

    public static string NewJobId() => $"job-{Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(8))}";

    /// <summary>Queues a backup of the agent's assignment to the set; null when the agent is not assigned.</summary>
    public async Task<JobRecord?> QueueBackupAsync(string setId, string agentId, IEnumerable<string> tags, string startedBy, CancellationToken cancellationToken)
    {
        var assignment = (await jobs.AssignmentsAsync(setId, cancellationToken)).FirstOrDefault(a => a.AgentId == agentId);
        if (assignment.AgentId is null)
        {
            return null;
        }

        var backup = new BackupJob();
        backup.Paths.AddRange(System.Text.Json.JsonSerializer.Deserialize(assignment.PathsJson, ControllerJsonContext.Default.StringArray) ?? []);
        backup.Excludes.AddRange(System.Text.Json.JsonSerializer.Deserialize(assignment.ExcludesJson, ControllerJsonContext.Default.StringArray) ?? []);
        backup.Tags.AddRange(tags);
        var start = new StartJob { JobId = NewJobId(), SetId = setId, Backup = backup };
        return await QueueAsync(start, JobKind.Backup, agentId, startedBy, cancellationToken);
    }

    /// <summary>A queued job ends here; a running one is asked to stop and ends with the agent's outcome.</summary>
    public async Task CancelAsync(JobRecord job, CancellationToken cancellationToken)
    {
        if (ControllerJobs.IsControllerJob(job))
        {
            // Never queued; a running one stops at its next await and ends cancelled.
            controllerJobs.Cancel(job.Id);
            return;
        }

        if (job.State == JobState.Queued && await jobs.FinishAsync(job.Id, JobState.Cancelled, Json.Format(new JobOutcome { JobId = job.Id, State = JobState.Cancelled }), cancellationToken))
        {
            await EndedAsync(job);
            return;
        }

        if (job.State is JobState.Queued or JobState.Running)
        {
            await sessions.TrySendAsync(job.AgentId, new ControllerMessage { CancelJob = new CancelJob { JobId = job.Id } }, cancellationToken);
        }
    }

    /// <summary>
    /// Ends every queued or running job of the set at once (it is being recycled): from now on the controller refuses
    /// them tokens and commits, and running ones are told to stop. Returns how many ended.
    /// </summary>
    public async Task<int> EndAllOfSetAsync(string setId, RetroGridErrorCode reason, CancellationToken cancellationToken)
    {
        var ended = 0;
        foreach (var job in await jobs.ActiveForSetAsync(setId, cancellationToken))
        {
            var outcome = new JobOutcome
            {
                JobId = job.Id,
                State = JobState.Cancelled,
                Error = new ErrorInfo { Code = reason.Code, Message = reason.Message, NextStep = reason.NextStep },
            };
            if (await jobs.FinishAsync(job.Id, JobState.Cancelled, Json.Format(outcome), cancellationToken))
            {
                ended++;
                await EndedAsync(job);
                if (ControllerJobs.IsControllerJob(job))
                {
                    controllerJobs.Cancel(job.Id);
                }
                else if (job.State == JobState.Running)
                {
                    await sessions.TrySendAsync(job.AgentId, new ControllerMessage { CancelJob = new CancelJob { JobId = job.Id } }, cancellationToken);
                }
            }
        }

        return ended;
    }

    /// <summary>
    /// An agent said hello: jobs the controller thought it ran but it no longer names ended with it. Done before the
    /// welcome, so anyone looking at the job afterwards sees it settled.
    /// </summary>
    public async Task SettleAsync(string agentId, IReadOnlyCollection<string> runningJobIds, CancellationToken cancellationToken)
    {
        if (!IsAgent(agentId))
        {
            return;
        }

        using var exclusive = await ExclusiveAsync(agentId, cancellationToken);
        foreach (var job in await jobs.ForAgentAsync(agentId, JobState.Running, cancellationToken))
        {
            if (!runningJobIds.Contains(job.Id))
            {
                var lost = new JobOutcome
                {
                    JobId = job.Id,
                    State = JobState.Failed,
                    Error = new ErrorInfo { Code = ControllerErrorCodes.JobLostWithAgent.Code, Message = ControllerErrorCodes.JobLostWithAgent.Message, NextStep = ControllerErrorCodes.JobLostWithAgent.NextStep },
                };
                if (await jobs.FinishAsync(job.Id, JobState.Failed, Json.Format(lost), cancellationToken))
                {
                    await EndedAsync(job);
                }
            }
        }
    }

    /// <summary>Completes once every one of <paramref name="jobIds"/> has ended (or is gone from the catalog).</summary>
    public async Task WhenEndedAsync(IEnumerable<string> jobIds, CancellationToken cancellationToken)
    {
        foreach (var jobId in jobIds)
        {
            // Watching before looking: an end between the look and the wait is not missed.
            using var watch = updates.Watch(jobId);
            while (await jobs.FindAsync(jobId, cancellationToken) is { State: JobState.Queued or JobState.Running })
            {
                await watch.Changes.ReadAsync(cancellationToken);
            }
        }
    }

    public async Task OnProgressAsync(string agentId, JobProgress progress, CancellationToken cancellationToken)
    {
        if (IsAgent(agentId) && await jobs.FindAsync(progress.JobId, cancellationToken) is { State: JobState.Running } job && job.AgentId == agentId)
        {
            updates.Progress(progress);
        }
    }

    /// <summary>Records an outcome (once; a repeat after a reconnect is only acknowledged again).</summary>
    public async Task OnOutcomeAsync(string agentId, JobOutcome outcome, CancellationToken cancellationToken)
    {
        if (!IsAgent(agentId) || await jobs.FindAsync(outcome.JobId, cancellationToken) is not { } job || job.AgentId != agentId)
        {
            return;
        }

        var state = outcome.State is JobState.Succeeded or JobState.Failed or JobState.Cancelled ? outcome.State : JobState.Failed;
        if (await jobs.FinishAsync(job.Id, state, Json.Format(outcome), cancellationToken))
        {
            ControllerLog.JobFinished(logger, job.Id, state.ToString(), outcome.Error?.Code ?? string.Empty);
            if (job.Kind == JobKind.Backup)
            {
                fleet.BackupEnded(job.SetId, outcome);
            }

            if (state == JobState.Succeeded && job.Kind == JobKind.Backup && outcome.SnapshotName.Length > 0)
            {
                await RecordSnapshotAsync(job, outcome, cancellationToken);
            }

            await EndedAsync(job);
        }

        await sessions.TrySendAsync(agentId, new ControllerMessage { OutcomeAcknowledged = new OutcomeAcknowledged { JobId = job.Id } }, cancellationToken);
    }

    /// <summary>The admin API's view of a job: its row, its outcome and, while running, its latest progress.</summary>
    public Job ToMessage(JobRecord record)
    {
        var job = new Job
        {
            Id = record.Id,
            Kind = record.Kind,
            State = record.State,
            SetId = record.SetId,
            AgentId = record.AgentId,
            StartedBy = record.StartedBy,
            CreatedAt = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(DateTimeOffset.FromUnixTimeMilliseconds(record.CreatedAtMs)),
        };
        if (record.StartedAtMs is { } started)
        {
            job.StartedAt = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(DateTimeOffset.FromUnixTimeMilliseconds(started));
        }

        if (record.FinishedAtMs is { } finished)
        {
            job.FinishedAt = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(DateTimeOffset.FromUnixTimeMilliseconds(finished));
        }

        if (record.OutcomeJson is { } outcomeJson && Parser.Parse<JobOutcome>(outcomeJson) is { } outcome)
        {
            job.Statistics = outcome.Statistics;
            job.Warnings.AddRange(outcome.Warnings);
            job.Error = outcome.Error;
            job.SnapshotName = outcome.SnapshotName;
        }
        else if (updates.ProgressOf(record.Id) is { } progress)
        {
            job.Statistics = progress.Statistics;
            job.EtaSeconds = progress.EtaSeconds;
        }

        return job;
    }

    /// <summary>A backup's snapshot enters the catalog with what listings show: who, when, which paths, how much.</summary>
    private async Task RecordSnapshotAsync(JobRecord job, JobOutcome outcome, CancellationToken cancellationToken)
    {
        var start = Parser.Parse<StartJob>(job.SpecJson);
        var now = time.GetUtcNow();
        var summary = new SnapshotSummary
        {
            AgentId = job.AgentId,
            HostName = (await agents.FindAsync(job.AgentId, cancellationToken))?.HostName ?? string.Empty,
            Time = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(job.StartedAtMs is { } started ? DateTimeOffset.FromUnixTimeMilliseconds(started) : now),
            Statistics = outcome.Statistics,
            WarningCount = outcome.Warnings.Count,
        };
        summary.Paths.AddRange(start.Backup.Paths);
        summary.Tags.AddRange(start.Backup.Tags);
        await snapshots.AddAsync(job.SetId, outcome.SnapshotName, job.Id, summary, cancellationToken);
    }

    /// <summary>Sends the agent the jobs waiting for it (after its welcome).</summary>
    public async Task DispatchAsync(string agentId, CancellationToken cancellationToken)
    {
        if (!IsAgent(agentId))
        {
            return;
        }

        using var exclusive = await ExclusiveAsync(agentId, cancellationToken);
        foreach (var job in await jobs.ForAgentAsync(agentId, JobState.Queued, cancellationToken))
        {
            var start = Parser.Parse<StartJob>(job.SpecJson);
            // Marked running before it is sent, so an outcome never arrives for a job still queued; if the send fails
            // the agent is gone, and the job waits for its next connection.
            if (!await jobs.MarkRunningAsync(job.Id, cancellationToken))
            {
                continue;
            }

            if (!await sessions.TrySendAsync(agentId, new ControllerMessage { StartJob = start }, cancellationToken))
            {
                await jobs.RequeueAsync(job.Id, CancellationToken.None);
                break;
            }

            updates.Changed(job.Id, ended: false);
        }
    }

    /// <summary>
    /// One dispatch or settlement per agent at a time: a dispatch marks a job running just before it tries to send it,
    /// and a settlement running in that moment would take the job for one the agent lost.
    /// </summary>
    private async Task<IDisposable> ExclusiveAsync(string agentId, CancellationToken cancellationToken)
    {
        var gate = _perAgent.GetOrAdd(agentId, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken);
        return new Releaser(gate);
    }

    private sealed class Releaser(SemaphoreSlim gate) : IDisposable
    {
        public void Dispose() => gate.Release();
    }

    /// <summary>A job reached its end: watchers hear of it, and its claims on blobs it did not store end.</summary>
    private async Task EndedAsync(JobRecord job)
    {
        // Read as it ended (its finish time), even if the caller's call is going away: watchers must hear of the end.
        metrics.JobEnded(await jobs.FindAsync(job.Id, CancellationToken.None) ?? job);
        dedup.EndJob(job.SetId, job.Id);
        updates.Changed(job.Id, ended: true);
    }

    /// <summary>An agent's id as authenticated: never empty, so it cannot name a job the controller runs itself.</summary>
    private static bool IsAgent(string agentId) => agentId.Length > 0;
}
