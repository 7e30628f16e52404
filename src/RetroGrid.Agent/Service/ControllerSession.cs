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
/// </summary>
internal sealed class ControllerSession(AgentStateDirectory state, string agentVersion, TimeProvider time, ILogger logger) : IDisposable
{
    private readonly SessionWriter _writer = new();
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, CancellationTokenSource> _running = new(StringComparer.Ordinal);
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, JobOutcome> _unacknowledged = new(StringComparer.Ordinal);
    private JobRunner? _runner;

    public static readonly TimeSpan FirstRetryDelay = TimeSpan.FromSeconds(1);
    public static readonly TimeSpan MaxRetryDelay = TimeSpan.FromMinutes(1);

    /// <summary>Called with each welcome, i.e. each time a session is established (tests wait on it).</summary>
    public Action<ControllerWelcome>? Welcomed { get; init; }

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        if (!state.IsEnrolled)
        {
            throw new AgentServiceException(AgentErrorCodes.NotEnrolled, $"{state.Root} holds no enrolled agent.");
        }

        var identity = AgentIdentity.Load(state);
        using var ca = X509Certificate2.CreateFromPem(await File.ReadAllTextAsync(state.CaCertificate, cancellationToken));
        using var certificate = LoadClientCertificate();
        using var channel = ControllerChannels.ForAgent(identity.Controller, ca, certificate);
        var client = new AgentService.AgentServiceClient(channel);
        _runner = new JobRunner(client, identity.AgentId, time);
        using var stopJobs = cancellationToken.Register(() =>
        {
            foreach (var job in _running.Values)
            {
                job.Cancel();
            }
        });
        var delay = FirstRetryDelay;
        while (true)
        {
            try
            {
                await RunSessionAsync(client, cancellationToken);
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

    private async Task RunSessionAsync(AgentService.AgentServiceClient client, CancellationToken cancellationToken)
    {
        using var call = client.Connect(cancellationToken: cancellationToken);
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
        foreach (var outcome in _unacknowledged.Values)
        {
            await _writer.TrySendAsync(new AgentMessage { Outcome = outcome }, cancellationToken);
        }

        using var stopHeartbeats = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var heartbeats = SendHeartbeatsAsync(TimeSpan.FromSeconds(Math.Max(1, welcome.HeartbeatIntervalSeconds)), stopHeartbeats.Token);
        try
        {
            while (await call.ResponseStream.MoveNext(cancellationToken))
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
        _ = Task.Run(async () =>
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
    }

    private async Task SendHeartbeatsAsync(TimeSpan interval, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(interval, time);
        while (await timer.WaitForNextTickAsync(cancellationToken))
        {
            await _writer.TrySendAsync(new AgentMessage { Heartbeat = new Heartbeat { SentAt = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(time.GetUtcNow()) } }, cancellationToken);
        }
    }

    private X509Certificate2 LoadClientCertificate()
    {
        using var pem = X509Certificate2.CreateFromPemFile(state.Certificate, state.Key);
        // Through PKCS#12: TLS on some platforms cannot use a key that lives only in memory.
        return X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), null);
    }
}
