using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.Extensions.Options;
using RetroGrid.Contracts.V1;
using RetroGrid.Controller.Catalog;
using RetroGrid.Controller.Dropbox;
using RetroGrid.Controller.Hosting;
using RetroGrid.Controller.Security;

namespace RetroGrid.Controller.Services;

/// <summary>
/// The admin API: agents, enrollment, sets and their Dropbox links so far (assignments, schedules, snapshots and jobs
/// follow under issue 4 and end with UNIMPLEMENTED until then). Every change is audited with the credential's name.
/// </summary>
internal sealed partial class AdminApi(
    AgentRegistry agents, AdminCredentialStore credentials, AgentSessions sessions, SetRegistry sets, SetLinks links, TokenBroker broker,
    SecretVault vault, CertificateAuthority authority, IOptions<ControllerOptions> options)
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
        foreach (var agent in await agents.ListAsync(context.CancellationToken))
        {
            response.Agents.Add(ToMessage(agent));
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

    public override async Task<BackupSet> CreateSet(CreateSetRequest request, ServerCallContext context)
    {
        if (!SetName().IsMatch(request.Name))
        {
            throw new RpcException(new Status(StatusCode.InvalidArgument, "A set name is 1 to 64 letters, digits, '-', '_' or '.', starting with a letter or digit."));
        }

        var folder = string.IsNullOrEmpty(request.DropboxFolder) ? $"/RetroGrid/{request.Name}" : request.DropboxFolder;
        if (!folder.StartsWith('/') || folder.EndsWith('/') || folder.Contains("//", StringComparison.Ordinal))
        {
            throw new RpcException(new Status(StatusCode.InvalidArgument, "The Dropbox folder is an absolute path like /RetroGrid/laptops."));
        }

        var id = $"set-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8))}";
        var masterKey = RandomNumberGenerator.GetBytes(32);
        var record = new SetRecord { Id = id, Name = request.Name, DropboxFolder = folder, SealedMasterKey = vault.Seal(SetRecord.MasterKeyPurpose(id), masterKey) };
        CryptographicOperations.ZeroMemory(masterKey);
        if (!await sets.AddAsync(record, context.CancellationToken))
        {
            throw new RpcException(new Status(StatusCode.AlreadyExists, $"A set named '{request.Name}' exists."));
        }

        await credentials.AuditAsync(CallerIdentity.AdminOf(context), "set.create", id, context.CancellationToken);
        return ToMessage(await FindAsync(id, context));
    }

    public override async Task<ListSetsResponse> ListSets(ListSetsRequest request, ServerCallContext context)
    {
        var response = new ListSetsResponse();
        response.Sets.AddRange((await sets.ListAsync(context.CancellationToken)).Select(ToMessage));
        return response;
    }

    public override async Task<BackupSet> GetSet(GetSetRequest request, ServerCallContext context) => ToMessage(await FindAsync(request.Set, context));

    public override async Task<DeleteSetResponse> DeleteSet(DeleteSetRequest request, ServerCallContext context)
    {
        var set = await FindAsync(request.Set, context);
        await sets.DeleteAsync(set.Id, context.CancellationToken);
        broker.Forget(set.Id);
        await credentials.AuditAsync(CallerIdentity.AdminOf(context), "set.delete", set.Id, context.CancellationToken);
        return new DeleteSetResponse();
    }

    public override Task<BeginLinkResponse> BeginLink(BeginLinkRequest request, ServerCallContext context) =>
        links.BeginAsync(request.Set, CallerIdentity.AdminOf(context), context.CancellationToken);

    public override async Task<BackupSet> CompleteLink(CompleteLinkRequest request, ServerCallContext context)
    {
        var setId = await links.CompleteAsync(request.State, request.Code, CallerIdentity.AdminOf(context), context.CancellationToken);
        return ToMessage(await FindAsync(setId, context));
    }

    public override async Task<BackupSet> ImportLegacyToken(ImportLegacyTokenRequest request, ServerCallContext context)
    {
        if (string.IsNullOrWhiteSpace(request.AccessToken))
        {
            throw new RpcException(new Status(StatusCode.InvalidArgument, "The legacy access token is empty."));
        }

        await links.ImportLegacyTokenAsync(request.Set, request.AccessToken.Trim(), CallerIdentity.AdminOf(context), context.CancellationToken);
        return ToMessage(await FindAsync(request.Set, context));
    }

    private static BackupSet ToMessage(SetRecord set) => new()
    {
        Id = set.Id,
        Name = set.Name,
        DropboxFolder = set.DropboxFolder,
        LinkState = set.LinkState,
        DropboxAccount = set.DropboxAccount ?? string.Empty,
        CreatedAt = Timestamp.FromDateTimeOffset(DateTimeOffset.FromUnixTimeMilliseconds(set.CreatedAtMs)),
    };

    private async Task<SetRecord> FindAsync(string idOrName, ServerCallContext context) =>
        await sets.FindAsync(idOrName, context.CancellationToken)
        ?? throw new ControllerException(ControllerErrorCodes.SetNotFound, $"No set '{idOrName}'.");

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")]
    private static partial Regex SetName();

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
