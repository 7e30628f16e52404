using System.Security.Cryptography;
using Grpc.Core;
using Microsoft.Extensions.Options;
using RetroGrid.Contracts.V1;
using RetroGrid.Controller.Catalog;
using RetroGrid.Controller.Dedup;
using RetroGrid.Controller.Hosting;
using RetroGrid.Controller.Jobs;
using RetroGrid.Controller.Security;
using RetroGrid.Controller.Sets;
using RetroGrid.Controller.Dropbox;

namespace RetroGrid.Controller.Services;

/// <summary>
/// The agent API: enrollment, the Connect session (jobs down, heartbeats, progress and outcomes up), and what a
/// running job needs: its set's key, short-lived Dropbox tokens, "which blobs are missing?" answered across the fleet,
/// and its packs committed by the commit coordinator.
/// </summary>
internal sealed class AgentApi(
    CertificateAuthority authority, AgentRegistry agents, AgentSessions sessions, JobCoordinator jobs, JobRegistry jobRecords, SetRegistry sets,
    SetBootstrapper bootstrapper, TokenBroker broker, SecretVault vault, DropboxApp dropbox, FleetDedupIndex dedup, CommitCoordinator commits,
    Telemetry.DropboxUseMetrics dropboxUse, IOptions<ControllerOptions> options, ILogger<AgentApi> logger)
    : AgentService.AgentServiceBase
{
    /// <summary>The tag of backups a workstation's user asked for.</summary>
    public const string RequestedTag = "requested";

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

        // The welcome goes out before the session is open to others: a job queued meanwhile must not reach the agent
        // ahead of it (the agent would take the stream for broken and reconnect, and the job would be lost with it).
        await responseStream.WriteAsync(new ControllerMessage
        {
            Welcome = new ControllerWelcome { AgentId = agentId, HeartbeatIntervalSeconds = (int)options.Value.HeartbeatInterval.TotalSeconds },
        }, context.CancellationToken);
        var session = sessions.Open(agentId, responseStream, context.CancellationToken);
        try
        {
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

    public override async Task<OpenSetResponse> OpenSet(OpenSetRequest request, ServerCallContext context)
    {
        var (set, _) = await RunningJobAsync(request.SetId, request.JobId, context);
        await bootstrapper.BootstrapAsync(set.Id, context.CancellationToken);
        var kek = vault.Open(SetRecord.SetKekPurpose(set.Id), set.SealedSetKek);
        var client = dropbox.ClientOptions;
        return new OpenSetResponse
        {
            DropboxFolder = set.DropboxFolder,
            SetKey = Google.Protobuf.ByteString.CopyFrom(kek),
            DropboxApiBaseUrl = client.ApiBaseAddress.AbsoluteUri,
            DropboxContentBaseUrl = client.ContentBaseAddress.AbsoluteUri,
        };
    }

    public override async Task<GetAccessTokenResponse> GetAccessToken(GetAccessTokenRequest request, ServerCallContext context)
    {
        var (set, job) = await RunningJobAsync(request.SetId, request.JobId, context);
        var allowed = job.Kind == JobKind.Restore ? TokenPurpose.Restore : TokenPurpose.Backup;
        if (request.Purpose != allowed)
        {
            throw new ControllerException(ControllerErrorCodes.NoRunningJob, $"Job {job.Id} may only ask for {allowed} tokens.");
        }

        var rejected = request.RejectedTokenSha256.Length == 32 ? request.RejectedTokenSha256.ToByteArray() : null;
        var token = await broker.GetAsync(set.Id, request.Purpose, rejected, context.CancellationToken);
        var scope = string.Join(' ', token.Scopes.Count > 0 ? token.Scopes : TokenBroker.ScopesOf(request.Purpose));
        await sets.AddGrantAsync(set.Id, job.AgentId, job.Id, scope, token.ExpiresAt, context.CancellationToken);
        dropboxUse.Granted(request.Purpose);
        var response = new GetAccessTokenResponse { AccessToken = token.Value, Scope = scope };
        if (token.ExpiresAt is { } expiresAt)
        {
            response.ExpiresAt = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(expiresAt);
        }

        return response;
    }

    public override async Task<FindMissingBlobsResponse> FindMissingBlobs(FindMissingBlobsRequest request, ServerCallContext context)
    {
        var (set, job) = await RunningJobAsync(request.SetId, request.JobId, context, JobKind.Backup);
        var ids = BlobIds.Parse(request.BlobIds);
        var index = await dedup.GetAsync(set.Id, context.CancellationToken);
        var response = new FindMissingBlobsResponse();
        foreach (var missing in index.FindMissing(job.Id, ids))
        {
            response.MissingIndexes.Add((uint)missing);
        }

        return response;
    }

    public override async Task<CommitPackResponse> CommitPack(CommitPackRequest request, ServerCallContext context)
    {
        var (set, job) = await RunningJobAsync(request.SetId, request.JobId, context, JobKind.Backup);
        var pack = PackHandOver.Check(request);
        var committed = await commits.CommitAsync(set, job.Id, pack, context.CancellationToken);
        return new CommitPackResponse { Path = CommitCoordinator.PathOf(set, pack), ContentHash = committed.ContentHash };
    }

    public override async Task<ConfirmBlobsResponse> ConfirmBlobs(ConfirmBlobsRequest request, ServerCallContext context)
    {
        var (set, job) = await RunningJobAsync(request.SetId, request.JobId, context, JobKind.Backup);
        var index = await dedup.GetAsync(set.Id, context.CancellationToken);
        var missing = await index.ConfirmAsync(job.Id, options.Value.ClaimWaitTimeout, _time, context.CancellationToken);
        var response = new ConfirmBlobsResponse();
        response.MissingBlobIds.AddRange(missing.Select(id => Google.Protobuf.ByteString.CopyFrom(id.ToArray())));
        return response;
    }

    public override async Task<RequestBackupResponse> RequestBackup(RequestBackupRequest request, ServerCallContext context)
    {
        var agentId = CallerIdentity.AgentOf(context);
        var response = new RequestBackupResponse();
        foreach (var setId in await jobRecords.SetsOfAgentAsync(agentId, context.CancellationToken))
        {
            var set = await sets.FindAsync(setId, context.CancellationToken);
            if (set is null || (request.Set.Length > 0 && request.Set != set.Id && request.Set != set.Name))
            {
                continue;
            }

            var waiting = await jobRecords.ActiveBackupAsync(set.Id, agentId, context.CancellationToken);
            var queued = waiting ?? await jobs.QueueBackupAsync(set.Id, agentId, [RequestedTag], $"agent:{agentId}", context.CancellationToken);
            if (queued is not null)
            {
                response.Backups.Add(new RequestedBackup { Set = set.Name, JobId = queued.Id, Queued = waiting is null });
            }
        }

        return response.Backups.Count > 0 || request.Set.Length == 0
            ? response
            : throw new ControllerException(ControllerErrorCodes.SetNotFound, $"Agent {agentId} backs up into no set '{request.Set}'.");
    }

    /// <summary>The set and the calling agent's running job on it (of <paramref name="kind"/> when given), or RG3032.</summary>
    private async Task<(SetRecord Set, JobRecord Job)> RunningJobAsync(string setId, string jobId, ServerCallContext context, JobKind? kind = null)
    {
        var agentId = CallerIdentity.AgentOf(context);
        var job = await jobRecords.FindAsync(jobId, context.CancellationToken);
        if (job is not { State: JobState.Running } || job.AgentId != agentId || job.SetId != setId || (kind is { } wanted && job.Kind != wanted))
        {
            throw new ControllerException(ControllerErrorCodes.NoRunningJob, $"Agent {agentId} has no running job {jobId} on set {setId}.");
        }

        var set = await sets.FindAsync(setId, context.CancellationToken) ?? throw new ControllerException(ControllerErrorCodes.SetNotFound, $"No set '{setId}'.");
        return (set, job);
    }

    /// <summary>What an agent says about itself is shown in listings: kept to a sane length.</summary>
    private static string Bounded(string value) => value.Length <= 256 ? value : value[..256];
}
