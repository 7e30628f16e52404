using System.Security.Cryptography;
using Grpc.Core;
using Microsoft.Extensions.Options;
using RetroGrid.Contracts.V1;
using RetroGrid.Controller.Catalog;
using RetroGrid.Controller.Hosting;
using RetroGrid.Controller.Jobs;
using RetroGrid.Controller.Security;

namespace RetroGrid.Controller.Services;

/// <summary>
/// The agent API: enrollment and the Connect session (jobs down, heartbeats, progress and outcomes up). Set access,
/// tokens, dedup and commits are not served yet (issue 4 continues): those calls end with UNIMPLEMENTED.
/// </summary>
internal sealed class AgentApi(
    CertificateAuthority authority, AgentRegistry agents, AgentSessions sessions, JobCoordinator jobs, IOptions<ControllerOptions> options, ILogger<AgentApi> logger)
    : AgentService.AgentServiceBase
{
    private readonly TimeProvider _time = options.Value.TimeProvider;

    public override async Task<EnrollResponse> Enroll(EnrollRequest request, ServerCallContext context)
    {
        if (string.IsNullOrEmpty(request.EnrollmentToken))
        {
            throw RpcErrors.Create(StatusCode.PermissionDenied, ControllerErrorCodes.EnrollmentTokenInvalid);
        }

        var agentId = $"agt-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8))}";
        System.Security.Cryptography.X509Certificates.X509Certificate2 certificate;
        try
        {
            certificate = authority.SignAgentCertificate(request.CsrDer.Span, agentId, _time.GetUtcNow());
        }
        catch (CryptographicException)
        {
            throw RpcErrors.Create(StatusCode.InvalidArgument, ControllerErrorCodes.CertificateRequestInvalid);
        }

        using (certificate)
        {
            var record = new AgentRecord
            {
                Id = agentId,
                HostName = Bounded(request.HostName),
                Os = Bounded(request.Os),
                Version = Bounded(request.AgentVersion),
                CertificateSerial = certificate.SerialNumber,
            };
            if (!await agents.EnrollAsync(Secrets.Hash(request.EnrollmentToken), record, context.CancellationToken))
            {
                throw RpcErrors.Create(StatusCode.PermissionDenied, ControllerErrorCodes.EnrollmentTokenInvalid);
            }

            ControllerLog.AgentEnrolled(logger, agentId, record.HostName);
            return new EnrollResponse { AgentId = agentId, CertificatePem = certificate.ExportCertificatePem(), CaCertificatePem = authority.CertificatePem };
        }
    }

    public override async Task Connect(IAsyncStreamReader<AgentMessage> requestStream, IServerStreamWriter<ControllerMessage> responseStream, ServerCallContext context)
    {
        var agentId = CallerIdentity.AgentOf(context);
        if (!await requestStream.MoveNext(context.CancellationToken) || requestStream.Current.KindCase != AgentMessage.KindOneofCase.Hello)
        {
            throw new RpcException(new Status(StatusCode.InvalidArgument, "The first message on a Connect stream must be a hello."));
        }

        var hello = requestStream.Current.Hello;
        await agents.TouchAsync(agentId, Bounded(hello.HostName), Bounded(hello.Os), Bounded(hello.AgentVersion), context.CancellationToken);
        await jobs.SettleAsync(agentId, [.. hello.RunningJobIds], context.CancellationToken);
        var session = sessions.Open(agentId, responseStream, context.CancellationToken);
        try
        {
            await session.SendAsync(new ControllerMessage
            {
                Welcome = new ControllerWelcome { AgentId = agentId, HeartbeatIntervalSeconds = (int)options.Value.HeartbeatInterval.TotalSeconds },
            }, context.CancellationToken);
            ControllerLog.AgentConnected(logger, agentId);
            await jobs.DispatchAsync(agentId, session.Token);
            while (await requestStream.MoveNext(session.Token))
            {
                var message = requestStream.Current;
                switch (message.KindCase)
                {
                    case AgentMessage.KindOneofCase.Heartbeat:
                        await agents.TouchAsync(agentId, null, null, null, session.Token);
                        break;
                    case AgentMessage.KindOneofCase.Progress:
                        await jobs.OnProgressAsync(agentId, message.Progress, session.Token);
                        break;
                    case AgentMessage.KindOneofCase.Outcome:
                        await jobs.OnOutcomeAsync(agentId, message.Outcome, session.Token);
                        break;
                }
            }
        }
        catch (OperationCanceledException) when (session.IsEnded && !context.CancellationToken.IsCancellationRequested)
        {
            // Shutting down (the agent reconnects to the next controller), or revoked, or replaced by a newer session.
            throw sessions.IsStopping
                ? new RpcException(new Status(StatusCode.Unavailable, "The controller is stopping."))
                : RpcErrors.Create(StatusCode.Unauthenticated, ControllerErrorCodes.AgentNotRecognized);
        }
        finally
        {
            sessions.Close(agentId, session);
            ControllerLog.AgentDisconnected(logger, agentId);
        }
    }

    /// <summary>What an agent says about itself is shown in listings: kept to a sane length.</summary>
    private static string Bounded(string value) => value.Length <= 256 ? value : value[..256];
}
