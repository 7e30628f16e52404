using System.Security.Cryptography.X509Certificates;
using Grpc.Core;
using Microsoft.Extensions.Logging;
using RetroGrid.Agent.Cli;
using RetroGrid.Contracts.V1;

namespace RetroGrid.Agent.Service;

/// <summary>
/// `retrogrid-agent run`: keeps one Connect session with the controller open — hello, then heartbeats on the
/// interval the controller asks for — and reconnects with capped, jittered exponential back-off when it drops
/// (controller restart, network loss). Gives up only when retrying cannot help: the controller no longer recognises
/// this agent (revoked), or its certificate is not the trusted one.
/// </summary>
internal sealed class ControllerSession(AgentStateDirectory state, string agentVersion, TimeProvider time, ILogger logger)
{
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
        await call.RequestStream.WriteAsync(new AgentMessage
        {
            Hello = new AgentHello { AgentVersion = agentVersion, HostName = Environment.MachineName, Os = System.Runtime.InteropServices.RuntimeInformation.OSDescription },
        }, cancellationToken);
        if (!await call.ResponseStream.MoveNext(cancellationToken) || call.ResponseStream.Current.KindCase != ControllerMessage.KindOneofCase.Welcome)
        {
            throw new RpcException(new Status(StatusCode.Unavailable, "The controller ended the session before welcoming the agent."));
        }

        var welcome = call.ResponseStream.Current.Welcome;
        AgentLog.Connected(logger, welcome.AgentId);
        Welcomed?.Invoke(welcome);
        using var stopHeartbeats = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var heartbeats = SendHeartbeatsAsync(call.RequestStream, TimeSpan.FromSeconds(Math.Max(1, welcome.HeartbeatIntervalSeconds)), stopHeartbeats.Token);
        try
        {
            while (await call.ResponseStream.MoveNext(cancellationToken))
            {
                if (call.ResponseStream.Current.StartJob is { } job)
                {
                    // Jobs come with the next part of issue 4; until then refuse them plainly rather than drop them.
                    await call.RequestStream.WriteAsync(Refusal(job.JobId), cancellationToken);
                }
            }
        }
        finally
        {
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

    private async Task SendHeartbeatsAsync(IClientStreamWriter<AgentMessage> requests, TimeSpan interval, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(interval, time);
        while (await timer.WaitForNextTickAsync(cancellationToken))
        {
            await requests.WriteAsync(new AgentMessage { Heartbeat = new Heartbeat { SentAt = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(time.GetUtcNow()) } }, cancellationToken);
        }
    }

    private static AgentMessage Refusal(string jobId) => new()
    {
        Outcome = new JobOutcome
        {
            JobId = jobId,
            State = JobState.Failed,
            Error = new ErrorInfo { Code = AgentErrorCodes.CannotRunJob.Code, Message = AgentErrorCodes.CannotRunJob.Message, NextStep = AgentErrorCodes.CannotRunJob.NextStep },
        },
    };

    private X509Certificate2 LoadClientCertificate()
    {
        using var pem = X509Certificate2.CreateFromPemFile(state.Certificate, state.Key);
        // Through PKCS#12: TLS on some platforms cannot use a key that lives only in memory.
        return X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), null);
    }
}
