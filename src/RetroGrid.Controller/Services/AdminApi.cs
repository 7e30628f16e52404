using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.Extensions.Options;
using RetroGrid.Contracts.V1;
using RetroGrid.Controller.Catalog;
using RetroGrid.Controller.Dropbox;
using RetroGrid.Controller.Hosting;
using RetroGrid.Controller.Jobs;
using RetroGrid.Controller.Security;
using RetroGrid.Controller.Sets;

namespace RetroGrid.Controller.Services;

/// <summary>
/// The admin API: agents, enrollment, sets, their Dropbox links, assignments, schedules, jobs, snapshots and fleet
/// status. Every change is audited with the credential's name.
/// </summary>
internal sealed partial class AdminApi(
    AgentRegistry agents, AdminCredentialStore credentials, AgentSessions sessions, SetRegistry sets, SetLinks links, TokenBroker broker,
    SecretVault vault, CertificateAuthority authority, JobRegistry jobs, JobCoordinator coordinator, JobUpdates updates, SnapshotRegistry snapshots,
    SetBrowser browser, PackRegistry packs, SetRebuilder rebuilder, SetRecycler recycler, SetUndeleter undeleter, Grooming.SetGroomer groomer,
    MaintenanceJobs maintenance, IOptions<ControllerOptions> options)
    : AdminService.AdminServiceBase
{
    private static readonly TimeSpan DefaultEnrollmentTokenLifetime = TimeSpan.FromHours(24);

    private readonly TimeProvider _time = options.Value.TimeProvider;

    public override async Task<CreateEnrollmentTokenResponse> CreateEnrollmentToken(CreateEnrollmentTokenRequest request, ServerCallContext context)
    {
        var lifetime = request.ValidForSeconds == 0 ? DefaultEnrollmentTokenLifetime : TimeSpan.FromSeconds(request.ValidForSeconds);
        if (lifetime <= TimeSpan.Zero || lifetime > options.Value.MaxEnrollmentTokenLifetime)
        {
            throw new RpcException(new Status(
                StatusCode.InvalidArgument, $"An enrollment token may be valid for 1 second to {options.Value.MaxEnrollmentTokenLifetime.TotalDays:0} days."));
        }

        var token = Secrets.Create("rg-enroll-");
        var expiresAt = _time.GetUtcNow() + lifetime;
        var admin = CallerIdentity.AdminOf(context);
        await agents.AddEnrollmentTokenAsync(Secrets.Hash(token), admin, expiresAt, context.CancellationToken);
        await credentials.AuditAsync(admin, "enrollment-token.create", $"expires {expiresAt:O}", context.CancellationToken);
        return new CreateEnrollmentTokenResponse { Token = token, ExpiresAt = Timestamp.FromDateTimeOffset(expiresAt), CaSha256 = authority.Sha256 };
    }

    public override async Task<ListAgentsResponse> ListAgents(ListAgentsRequest request, ServerCallContext context)
    {
        var response = new ListAgentsResponse();
        var lastGood = await jobs.LastGoodBackupsAsync(context.CancellationToken);
        foreach (var agent in await agents.ListAsync(context.CancellationToken))
        {
            var message = ToMessage(agent);
            message.LastGoodBackups.AddRange(lastGood.Where(b => b.AgentId == agent.Id).Select(b => new LastBackup
            {
                SetId = b.SetId,
                FinishedAt = Timestamp.FromDateTimeOffset(DateTimeOffset.FromUnixTimeMilliseconds(b.FinishedAtMs)),
            }));
            response.Agents.Add(message);
        }

        return response;
    }

    public override async Task<Agent> RevokeAgent(RevokeAgentRequest request, ServerCallContext context)
    {
        if (!await agents.RevokeAsync(request.AgentId, context.CancellationToken))
        {
            throw new RpcException(new Status(StatusCode.NotFound, $"There is no agent {request.AgentId}."));
        }

        sessions.Disconnect(request.AgentId);
        await credentials.AuditAsync(CallerIdentity.AdminOf(context), "agent.revoke", request.AgentId, context.CancellationToken);
        return ToMessage((await agents.ListAsync(context.CancellationToken)).Single(a => a.Id == request.AgentId));
    }

    private Agent ToMessage(AgentRecord agent) => new()
    {
        Id = agent.Id,
        HostName = agent.HostName,
        Os = agent.Os,
        Version = agent.Version,
        EnrolledAt = Timestamp.FromDateTimeOffset(DateTimeOffset.FromUnixTimeMilliseconds(agent.EnrolledAtMs)),
        LastSeen = Timestamp.FromDateTimeOffset(DateTimeOffset.FromUnixTimeMilliseconds(agent.LastSeenMs)),
        Online = sessions.IsOnline(agent.Id),
        Revoked = agent.Revoked,
    };
}
