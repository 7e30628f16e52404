using System.Security.Cryptography.X509Certificates;
using Grpc.Core;
using Microsoft.Extensions.Logging;
using RetroGrid.Agent.Cli;
using RetroGrid.Contracts.V1;

namespace RetroGrid.Agent.Service;

/// <summary>
/// `retrogrid-agent run`: keeps one Connect session with the controller open — hello, then heartbeats on the
/// interval the controller asks for — runs the jobs it sends (<see cref="JobRunner"/>), and reconnects with capped,
/// jittered exponential back-off when it drops (controller restart, network loss). Jobs keep running across a
/// reconnect; an outcome is re-sent until the controller acknowledges it. Gives up only when retrying cannot help:
/// the controller no longer recognises this agent (revoked), or its certificate is not the trusted one.
/// Stopping (Ctrl+C, SIGTERM, the service manager) cancels the running jobs, waits for them to end at a consistent
/// point and sends their outcomes before it closes the stream, all within <see cref="StopTimeout"/>.
/// </summary>
internal sealed class ControllerSession(AgentStateDirectory state, string agentVersion, TimeProvider time, ILogger logger) : IDisposable
{
    private readonly SessionWriter _writer = new();
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, CancellationTokenSource> _running = new(StringComparer.Ordinal);
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, JobOutcome> _unacknowledged = new(StringComparer.Ordinal);

    // Each job's task until it has ended and tried to send its outcome; a stop waits for these.
    private readonly System.Collections.Concurrent.ConcurrentDictionary<Task, byte> _jobTasks = new();
    private JobRunner? _runner;

    public static readonly TimeSpan FirstRetryDelay = TimeSpan.FromSeconds(1);
    public static readonly TimeSpan MaxRetryDelay = TimeSpan.FromMinutes(1);

    /// <summary>Called with each welcome, i.e. each time a session is established (tests wait on it).</summary>
    public Action<ControllerWelcome>? Welcomed { get; init; }

    /// <summary>
    /// How long a stop waits for the cancelled jobs to end and for the controller to take their outcomes before the
    /// connection is cut. Keep it below the host's shutdown timeout, which is the hard limit.
    /// </summary>
    public TimeSpan StopTimeout { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>Refuses a state directory without an enrolled agent (RG3101): `run` checks this before it reports itself started.</summary>
    public static void ThrowIfNotEnrolled(AgentStateDirectory state)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (!state.IsEnrolled)
        {
            throw new AgentServiceException(AgentErrorCodes.NotEnrolled, $"{state.Root} holds no enrolled agent.");
        }
    }

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        ThrowIfNotEnrolled(state);
        var identity = AgentIdentity.Load(state);
        using var ca = X509Certificate2.CreateFromPem(await File.ReadAllTextAsync(state.CaCertificate, cancellationToken));
        using var certificate = EnrolledConnection.LoadClientCertificate(state);
        using var channel = ControllerChannels.ForAgent(identity.Controller, ca, certificate);
        var client = new AgentService.AgentServiceClient(channel);
        _runner = new JobRunner(client, identity.AgentId, time);

        // The Connect call has its own token: on a stop the jobs are cancelled (their tokens are linked to
        // cancellationToken) and the stream stays open until their outcomes have gone up, so the controller records
        // them as cancelled instead of failing them with RG3030 at the agent's next hello.
        using var connection = new CancellationTokenSource(Timeout.InfiniteTimeSpan, time);
        var stopped = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var onStop = cancellationToken.Register(() => _ = StopAsync(connection, stopped));
        try
        {
            await RunSessionsAsync(client, connection.Token, cancellationToken);
        }
        finally
        {
            // Once unregistered, a stop has either started StopAsync (and the token shows it) or never will.
            await onStop.DisposeAsync();
            if (cancellationToken.IsCancellationRequested)
            {
                await stopped.Task;
            }
        }
    }

    private async Task RunSessionsAsync(AgentService.AgentServiceClient client, CancellationToken connection, CancellationToken cancellationToken)
    {
        var delay = FirstRetryDelay;
        while (true)
        {
            try
            {
                await RunSessionAsync(client, connection, cancellationToken);
                cancellationToken.ThrowIfCancellationRequested();
                delay = FirstRetryDelay;
            }
            catch (RpcException ex) when (cancellationToken.IsCancellationRequested)
            {
                throw new OperationCanceledException("The agent was stopped.", ex, cancellationToken);
            }
            catch (RpcException ex)
            {
                var error = ControllerErrors.From(ex);
                if (error.Code.Code is "RG3012" || error.Code == AgentErrorCodes.ControllerNotTrusted)
                {
                    throw error;
                }

                AgentLog.SessionLost(logger, error.Code.Code, error.Message, delay);
            }

            // Jitter keeps a fleet that lost the controller together from reconnecting in one wave.
            var jittered = delay * (0.5 + (Random.Shared.NextDouble() / 2));
            await Task.Delay(jittered, time, cancellationToken);
            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, MaxRetryDelay.Ticks));
        }
    }

    private async Task RunSessionAsync(AgentService.AgentServiceClient client, CancellationToken connection, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        using var call = client.Connect(cancellationToken: connection);
        var hello = new AgentHello { AgentVersion = agentVersion, HostName = Environment.MachineName, Os = System.Runtime.InteropServices.RuntimeInformation.OSDescription };
        hello.RunningJobIds.AddRange(_running.Keys);
        await call.RequestStream.WriteAsync(new AgentMessage { Hello = hello }, cancellationToken);
        if (!await call.ResponseStream.MoveNext(cancellationToken) || call.ResponseStream.Current.KindCase != ControllerMessage.KindOneofCase.Welcome)
        {
            throw new RpcException(new Status(StatusCode.Unavailable, "The controller ended the session before welcoming the agent."));
        }

        var welcome = call.ResponseStream.Current.Welcome;
        AgentLog.Connected(logger, welcome.AgentId);
        Welcomed?.Invoke(welcome);
        _writer.Attach(call.RequestStream);

        // A stop that comes after this check finds the stream attached and half-closes it (StopAsync).
        cancellationToken.ThrowIfCancellationRequested();
        foreach (var outcome in _unacknowledged.Values)
        {
            await _writer.TrySendAsync(new AgentMessage { Outcome = outcome }, cancellationToken);
        }

        using var stopHeartbeats = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var heartbeats = SendHeartbeatsAsync(TimeSpan.FromSeconds(Math.Max(1, welcome.HeartbeatIntervalSeconds)), stopHeartbeats.Token);
        try
        {
            // Read until the controller ends the stream: after a stop, that is its answer to our half-close.
            while (await call.ResponseStream.MoveNext(connection))
            {
                var message = call.ResponseStream.Current;
                switch (message.KindCase)
                {
                    case ControllerMessage.KindOneofCase.StartJob:
                        Start(message.StartJob, cancellationToken);
                        break;
                    case ControllerMessage.KindOneofCase.CancelJob when _running.TryGetValue(message.CancelJob.JobId, out var job):
                        await job.CancelAsync();
                        break;
                    case ControllerMessage.KindOneofCase.OutcomeAcknowledged:
                        _unacknowledged.TryRemove(message.OutcomeAcknowledged.JobId, out _);
                        break;
                }
            }
        }
        finally
        {
            _writer.Attach(null);
            await stopHeartbeats.CancelAsync();
            try
            {
                await heartbeats;
            }
            catch (Exception ex) when (ex is OperationCanceledException or RpcException or InvalidOperationException)
            {
                // The session is over; how its heartbeat loop ended does not matter.
            }
        }
    }

    public void Dispose() => _writer.Dispose();

    /// <summary>Runs a job in the background; its outcome is kept until acknowledged, and sent now if there is a stream.</summary>
    private void Start(StartJob job, CancellationToken stopping)
    {
        var cancel = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        if (!_running.TryAdd(job.JobId, cancel))
        {
            cancel.Dispose();
            return; // Sent again after a reconnect: it is already running.
        }

        AgentLog.JobStarted(logger, job.JobId, job.KindCase.ToString());
        var task = Task.Run(async () =>
        {
            JobOutcome outcome;
            try
            {
                outcome = await _runner!.RunAsync(job, progress => _writer.TrySendAsync(new AgentMessage { Progress = progress }, CancellationToken.None), cancel.Token);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                // The runner turns every expected failure into an outcome; anything else still must not leave the job
                // running forever on the controller.
                outcome = new JobOutcome
                {
                    JobId = job.JobId,
                    State = JobState.Failed,
                    Error = new ErrorInfo { Code = AgentErrorCodes.Unexpected.Code, Message = $"{ex.GetType().Name}: {ex.Message}", NextStep = AgentErrorCodes.Unexpected.NextStep },
                };
            }

            _unacknowledged[job.JobId] = outcome;
            _running.TryRemove(job.JobId, out _);
            cancel.Dispose();
            AgentLog.JobEnded(logger, job.JobId, outcome.State.ToString(), outcome.Error?.Code ?? string.Empty);
            await _writer.TrySendAsync(new AgentMessage { Outcome = outcome }, CancellationToken.None);
        }, CancellationToken.None);
        _jobTasks.TryAdd(task, 0);
        _ = task.ContinueWith(t => _jobTasks.TryRemove(t, out _), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    /// <summary>
    /// After a stop request: waits for the cancelled jobs to end (each sends its outcome if a stream is open), then
    /// half-closes the stream, on which the controller ends the call; cuts the connection if that takes too long.
    /// </summary>
    private async Task StopAsync(CancellationTokenSource connection, TaskCompletionSource stopped)
    {
        try
        {
            var started = time.GetTimestamp();
            using var deadline = new CancellationTokenSource(StopTimeout, time);
            try
            {
                // A job started while stopping is cancelled at once, but it still has to end: look again until none runs.
                Task[] running;
                while ((running = [.. _jobTasks.Keys.Where(t => !t.IsCompleted)]).Length > 0)
                {
                    await Task.WhenAll(running).WaitAsync(deadline.Token);
                }

                await _writer.CompleteAsync(deadline.Token);
                connection.CancelAfter(TimeSpan.FromTicks(Math.Max(0, (StopTimeout - time.GetElapsedTime(started)).Ticks)));
            }
            catch (OperationCanceledException) when (deadline.IsCancellationRequested)
            {
                AgentLog.StopTimedOut(logger, StopTimeout);
                await connection.CancelAsync();
            }
        }
        finally
        {
            stopped.TrySetResult();
        }
    }

    private async Task SendHeartbeatsAsync(TimeSpan interval, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(interval, time);
        while (await timer.WaitForNextTickAsync(cancellationToken))
        {
            await _writer.TrySendAsync(new AgentMessage { Heartbeat = new Heartbeat { SentAt = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(time.GetUtcNow()) } }, cancellationToken);
        }
    }
}
