using System.Collections.Concurrent;
using Google.Protobuf;
using RetroGrid.Contracts.V1;
using RetroGrid.Controller.Catalog;
using RetroGrid.Controller.Telemetry;
using RetroGrid.Core.Errors;
using RetroGrid.Dropbox;

namespace RetroGrid.Controller.Jobs;

/// <summary>
/// Jobs the controller runs itself (verify, groom): each is a row in <c>jobs</c> whose agent id is empty, running from
/// the moment it is recorded and ended with an outcome of the agents' shape (state, statistics, warnings, error), so
/// ListJobs, WatchJob, the job metrics and <c>rgctl jobs</c> show it like any job. No agent can match it: agent ids
/// are never empty. A run still going when the controller stops is failed with RG3044; so is one the controller finds
/// still running when it starts again (it crashed), before it serves anything.
/// </summary>
internal sealed partial class ControllerJobs(JobRegistry jobs, JobUpdates updates, ControllerMetrics metrics, ILogger<ControllerJobs> logger)
    : IHostedService, IDisposable
{
    /// <summary>The agent id of a job the controller runs itself.</summary>
    public const string AgentId = "";

    private static readonly JsonFormatter Json = new(JsonFormatter.Settings.Default.WithFormatDefaultValues(false));
    private static readonly JsonParser Parser = new(JsonParser.Settings.Default.WithIgnoreUnknownFields(true));

    private readonly ConcurrentDictionary<string, CancellationTokenSource> _running = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<Task, byte> _background = new();
    private readonly CancellationTokenSource _stopping = new();

    public static bool IsControllerJob(JobRecord job) => job.AgentId.Length == 0;

    /// <summary>
    /// Records a job as running from now; with <paramref name="exclusive"/> only if no other job the controller runs is
    /// queued or running for the set (null then).
    /// </summary>
    public async Task<JobRecord?> BeginAsync(JobKind kind, string setId, IMessage spec, string startedBy, bool exclusive, CancellationToken cancellationToken)
    {
        var record = new JobRecord { Id = JobCoordinator.NewJobId(), Kind = kind, SetId = setId, AgentId = AgentId, SpecJson = Json.Format(spec), StartedBy = startedBy };
        if (!await jobs.AddRunningAsync(record, exclusive, cancellationToken))
        {
            return null;
        }

        // Cancellable from the moment it is recorded: a CancelJob before its run begins is not lost.
        _running[record.Id] = CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token);
        Log.Started(logger, record.Id, kind.ToString(), setId, startedBy);
        updates.Changed(record.Id, ended: false);
        return await jobs.FindAsync(record.Id, cancellationToken) ?? record;
    }

    /// <summary>
    /// Runs the job's work and records its outcome; returns the job as it ended. A failure is recorded — with its
    /// RetroGrid code, or RG3045 — and thrown on; a cancel (<see cref="Cancel"/>, or the caller's token) ends it
    /// cancelled, the controller stopping ends it failed (RG3044).
    /// </summary>
    public async Task<JobRecord> RunAsync(JobRecord job, Func<CancellationToken, Task<JobOutcome>> work, CancellationToken cancellationToken)
    {
        JobOutcome outcome;
        using (var own = _running.TryGetValue(job.Id, out var begun) ? begun : CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token))
        using (var cancel = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, own.Token))
        {
            try
            {
                cancel.Token.ThrowIfCancellationRequested();
                outcome = await work(cancel.Token);
            }
            catch (Exception ex)
            {
                await EndAsync(job, FailureOf(ex, cancel.IsCancellationRequested), CancellationToken.None);
                throw;
            }
            finally
            {
                _running.TryRemove(job.Id, out _);
            }
        }

        return await EndAsync(job, outcome, CancellationToken.None);
    }

    /// <summary>
    /// Runs the job in the background (the scheduler's runs), logging a failure; the controller's stop waits for it.
    /// </summary>
    public void RunInBackground(JobRecord job, Func<CancellationToken, Task<JobOutcome>> work)
    {
        var task = Task.Run(async () =>
        {
            try
            {
                var ended = await RunAsync(job, work, CancellationToken.None);
                if (ended.State == JobState.Failed)
                {
                    Log.ScheduledJobFailed(logger, job.Id, job.Kind.ToString(), job.SetId, CodeOf(ended), null);
                }
            }
            catch (OperationCanceledException)
            {
                // Cancelled, or cut off by the controller stopping: recorded so, nothing went wrong.
            }
            catch (Exception ex)
            {
                // Recorded as the job's outcome already; the scheduler goes on with its other sets.
                Log.ScheduledJobFailed(logger, job.Id, job.Kind.ToString(), job.SetId, ex.GetType().Name, ex);
            }
        });
        _background.TryAdd(task, 0);
        task.ContinueWith(t => _background.TryRemove(t, out _), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    /// <summary>Asks a running job of this controller to stop (CancelJob, or its set being recycled); ends cancelled.</summary>
    public void Cancel(string jobId)
    {
        if (_running.TryGetValue(jobId, out var cancel))
        {
            try
            {
                cancel.Cancel();
            }
            catch (ObjectDisposedException)
            {
                // It ended meanwhile.
            }
        }
    }

    /// <summary>At start-up, before serving: jobs of this controller still running were cut off by a crash or power loss.</summary>
    public async Task<int> FailInterruptedAsync(CancellationToken cancellationToken)
    {
        var failed = 0;
        foreach (var job in await jobs.ForAgentAsync(AgentId, JobState.Running, cancellationToken))
        {
            var ended = await EndAsync(job, Failed(ControllerErrorCodes.ControllerJobInterrupted, ControllerErrorCodes.ControllerJobInterrupted.Message), cancellationToken);
            failed += ended.State == JobState.Failed ? 1 : 0;
        }

        return failed;
    }

    /// <summary>The controller is stopping: every run is cancelled (and ends failed with RG3044).</summary>
    public void StopAll() => _stopping.Cancel();

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Waits for the background runs to record their end (they were cancelled when stopping began).</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        StopAll();
        await Task.WhenAll(_background.Keys).WaitAsync(cancellationToken);
    }

    public void Dispose()
    {
        foreach (var begun in _running.Values)
        {
            begun.Dispose();
        }

        _stopping.Dispose();
    }

    /// <summary>Records the outcome once (false: it ended already, e.g. cancelled by a recycle) and tells watchers and metrics.</summary>
    private async Task<JobRecord> EndAsync(JobRecord job, JobOutcome outcome, CancellationToken cancellationToken)
    {
        outcome.JobId = job.Id;
        var state = outcome.State is JobState.Succeeded or JobState.Failed or JobState.Cancelled ? outcome.State : JobState.Failed;
        if (await jobs.FinishAsync(job.Id, state, Json.Format(outcome), cancellationToken))
        {
            var ended = await jobs.FindAsync(job.Id, cancellationToken) ?? job with { State = state };
            ControllerLog.JobFinished(logger, job.Id, state.ToString(), outcome.Error?.Code ?? string.Empty);
            metrics.JobEnded(ended);
            updates.Changed(job.Id, ended: true);
            return ended;
        }

        return await jobs.FindAsync(job.Id, cancellationToken) ?? job;
    }

    private JobOutcome FailureOf(Exception exception, bool cancelled) => exception switch
    {
        OperationCanceledException when _stopping.IsCancellationRequested => Failed(ControllerErrorCodes.ControllerJobInterrupted, ControllerErrorCodes.ControllerJobInterrupted.Message),
        OperationCanceledException when cancelled => new JobOutcome { State = JobState.Cancelled },
        ControllerException ex => Failed(ex.Code, ex.Message),
        DropboxApiException ex => Failed(ex.Code, ex.Message),
        RetroGridFormatException ex => Failed(ex.Code, ex.Message),
        _ => Failed(ControllerErrorCodes.ControllerJobFailed, $"{exception.GetType().Name}: {exception.Message}"),
    };

    private static JobOutcome Failed(RetroGridErrorCode code, string message) =>
        new() { State = JobState.Failed, Error = new ErrorInfo { Code = code.Code, Message = message, NextStep = code.NextStep } };

    private static string CodeOf(JobRecord job) =>
        job.OutcomeJson is { } json && Parser.Parse<JobOutcome>(json).Error is { } error ? error.Code : string.Empty;

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "Job {JobId} ({Kind}) of set {SetId} started by {StartedBy}, run by the controller", EventName = "ControllerJobStarted")]
        public static partial void Started(ILogger logger, string jobId, string kind, string setId, string startedBy);

        [LoggerMessage(2, LogLevel.Warning, "Scheduled job {JobId} ({Kind}) of set {SetId} failed: {Code}", EventName = "ScheduledJobFailed")]
        public static partial void ScheduledJobFailed(ILogger logger, string jobId, string kind, string setId, string code, Exception? exception);
    }
}
