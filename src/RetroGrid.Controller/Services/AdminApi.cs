using System.Security.Cryptography;
using System.Text.RegularExpressions;
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
    SetBrowser browser, IOptions<ControllerOptions> options)
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

        if (request.RecoveryPassphrase.Length < 12)
        {
            throw new ControllerException(ControllerErrorCodes.WeakRecoveryPassphrase, "The recovery passphrase is too short.");
        }

        // The set's format objects are made now (the passphrase is never kept) and written at its first link.
        var id = $"set-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8))}";
        var kek = RandomNumberGenerator.GetBytes(32);
        var staging = new StagingStore();
        await Core.Repository.BackupSet.InitAsync(
            staging, request.RecoveryPassphrase, kek, new Core.Repository.BackupSetOptions { TimeProvider = options.Value.TimeProvider }, context.CancellationToken);
        var record = new SetRecord { Id = id, Name = request.Name, DropboxFolder = folder, SealedSetKek = vault.Seal(SetRecord.SetKekPurpose(id), kek) };
        CryptographicOperations.ZeroMemory(kek);
        if (!await sets.AddAsync(record, staging.Objects, context.CancellationToken))
        {
            throw new RpcException(new Status(StatusCode.AlreadyExists, $"A set named '{request.Name}' exists."));
        }

        await credentials.AuditAsync(CallerIdentity.AdminOf(context), "set.create", id, context.CancellationToken);
        return await ToMessageAsync(await FindAsync(id, context), context);
    }

    public override async Task<ListSetsResponse> ListSets(ListSetsRequest request, ServerCallContext context)
    {
        var response = new ListSetsResponse();
        foreach (var set in await sets.ListAsync(context.CancellationToken))
        {
            response.Sets.Add(await ToMessageAsync(set, context));
        }

        return response;
    }

    public override async Task<BackupSet> GetSet(GetSetRequest request, ServerCallContext context) => await ToMessageAsync(await FindAsync(request.Set, context), context);

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
        return await ToMessageAsync(await FindAsync(setId, context), context);
    }

    public override async Task<BackupSet> ImportLegacyToken(ImportLegacyTokenRequest request, ServerCallContext context)
    {
        if (string.IsNullOrWhiteSpace(request.AccessToken))
        {
            throw new RpcException(new Status(StatusCode.InvalidArgument, "The legacy access token is empty."));
        }

        await links.ImportLegacyTokenAsync(request.Set, request.AccessToken.Trim(), CallerIdentity.AdminOf(context), context.CancellationToken);
        return await ToMessageAsync(await FindAsync(request.Set, context), context);
    }

    public override async Task<BackupSet> AssignAgent(AssignAgentRequest request, ServerCallContext context)
    {
        var set = await FindAsync(request.Set, context);
        var assignment = request.Assignment ?? throw new RpcException(new Status(StatusCode.InvalidArgument, "The assignment is missing."));
        if (!await agents.IsActiveAsync(assignment.AgentId, context.CancellationToken))
        {
            throw new RpcException(new Status(StatusCode.NotFound, $"There is no active agent {assignment.AgentId}."));
        }

        if (assignment.Paths.Count == 0 || assignment.Paths.Any(string.IsNullOrWhiteSpace))
        {
            throw new RpcException(new Status(StatusCode.InvalidArgument, "An assignment needs at least one path, none empty."));
        }

        await jobs.SetAssignmentAsync(set.Id, assignment.AgentId, JsonList(assignment.Paths), JsonList(assignment.Excludes), context.CancellationToken);
        await credentials.AuditAsync(CallerIdentity.AdminOf(context), "set.assign", $"{set.Id} {assignment.AgentId}", context.CancellationToken);
        return await ToMessageAsync(set, context);
    }

    public override async Task<BackupSet> UnassignAgent(UnassignAgentRequest request, ServerCallContext context)
    {
        var set = await FindAsync(request.Set, context);
        if (!await jobs.RemoveAssignmentAsync(set.Id, request.AgentId, context.CancellationToken))
        {
            throw new ControllerException(ControllerErrorCodes.NotAssigned, $"{request.AgentId} is not assigned to {set.Id}.");
        }

        await credentials.AuditAsync(CallerIdentity.AdminOf(context), "set.unassign", $"{set.Id} {request.AgentId}", context.CancellationToken);
        return await ToMessageAsync(set, context);
    }

    public override async Task<Job> StartBackup(StartBackupRequest request, ServerCallContext context)
    {
        var set = await FindAsync(request.Set, context);
        var job = await coordinator.QueueBackupAsync(set.Id, request.AgentId, request.Tags, CallerIdentity.AdminOf(context), context.CancellationToken)
            ?? throw new ControllerException(ControllerErrorCodes.NotAssigned, $"{request.AgentId} is not assigned to {set.Id}.");
        await credentials.AuditAsync(CallerIdentity.AdminOf(context), "job.backup", job.Id, context.CancellationToken);
        return coordinator.ToMessage(job);
    }

    public override async Task<BackupSet> SetSchedule(SetScheduleRequest request, ServerCallContext context)
    {
        var set = await FindAsync(request.Set, context);
        long? interval = null;
        string? cron = null;
        switch (request.Schedule?.KindCase)
        {
            case Schedule.KindOneofCase.IntervalSeconds when request.Schedule.IntervalSeconds < 60:
                throw new RpcException(new Status(StatusCode.InvalidArgument, "A schedule's interval is at least 60 seconds."));
            case Schedule.KindOneofCase.IntervalSeconds:
                interval = request.Schedule.IntervalSeconds;
                break;
            case Schedule.KindOneofCase.Cron when CronSchedule.TryParse(request.Schedule.Cron, out var problem) is null:
                throw new RpcException(new Status(StatusCode.InvalidArgument, problem!));
            case Schedule.KindOneofCase.Cron:
                cron = request.Schedule.Cron.Trim();
                break;
        }

        await sets.SetScheduleAsync(set.Id, interval, cron, context.CancellationToken);
        await credentials.AuditAsync(CallerIdentity.AdminOf(context), "set.schedule", $"{set.Id} {interval?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? cron ?? "none"}", context.CancellationToken);
        return await ToMessageAsync(await FindAsync(set.Id, context), context);
    }

    public override async Task<Job> StartRestore(StartRestoreRequest request, ServerCallContext context)
    {
        var set = await FindAsync(request.Set, context);
        if (!await agents.IsActiveAsync(request.AgentId, context.CancellationToken))
        {
            throw new RpcException(new Status(StatusCode.NotFound, $"There is no active agent {request.AgentId}."));
        }

        if (string.IsNullOrWhiteSpace(request.Snapshot) || string.IsNullOrWhiteSpace(request.Target))
        {
            throw new RpcException(new Status(StatusCode.InvalidArgument, "A restore needs a snapshot and a target folder."));
        }

        var restore = new RestoreJob { SnapshotName = request.Snapshot, Target = request.Target, ExistingFiles = request.ExistingFiles };
        restore.Includes.AddRange(request.Includes);
        var start = new StartJob { JobId = NewJobId(), SetId = set.Id, Restore = restore };
        var job = await coordinator.QueueAsync(start, JobKind.Restore, request.AgentId, CallerIdentity.AdminOf(context), context.CancellationToken);
        await credentials.AuditAsync(CallerIdentity.AdminOf(context), "job.restore", job.Id, context.CancellationToken);
        return coordinator.ToMessage(job);
    }

    public override async Task<Job> CancelJob(CancelJobRequest request, ServerCallContext context)
    {
        var job = await FindJobAsync(request.JobId, context);
        await coordinator.CancelAsync(job, context.CancellationToken);
        await credentials.AuditAsync(CallerIdentity.AdminOf(context), "job.cancel", job.Id, context.CancellationToken);
        return coordinator.ToMessage(await FindJobAsync(job.Id, context));
    }

    public override async Task<ListJobsResponse> ListJobs(ListJobsRequest request, ServerCallContext context)
    {
        var setId = string.IsNullOrEmpty(request.Set) ? null : (await FindAsync(request.Set, context)).Id;
        var limit = request.Limit is > 0 and <= 1000 ? request.Limit : 50;
        var response = new ListJobsResponse();
        response.Jobs.AddRange((await jobs.ListAsync(setId, string.IsNullOrEmpty(request.AgentId) ? null : request.AgentId, limit, context.CancellationToken)).Select(coordinator.ToMessage));
        return response;
    }

    public override async Task WatchJob(WatchJobRequest request, IServerStreamWriter<Job> responseStream, ServerCallContext context)
    {
        using var subscription = updates.Watch(request.JobId);
        var job = await FindJobAsync(request.JobId, context);
        await responseStream.WriteAsync(coordinator.ToMessage(job), context.CancellationToken);
        while (job.State is JobState.Queued or JobState.Running)
        {
            await subscription.Changes.ReadAsync(context.CancellationToken);
            job = await FindJobAsync(request.JobId, context);
            await responseStream.WriteAsync(coordinator.ToMessage(job), context.CancellationToken);
        }
    }

    public override async Task<ListSnapshotsResponse> ListSnapshots(ListSnapshotsRequest request, ServerCallContext context)
    {
        var set = await FindAsync(request.Set, context);
        var response = new ListSnapshotsResponse();
        foreach (var (name, summary) in await snapshots.ListAsync(set.Id, string.IsNullOrEmpty(request.AgentId) ? null : request.AgentId, context.CancellationToken))
        {
            response.Snapshots.Add(new Snapshot { Name = name, SetId = set.Id, Summary = Google.Protobuf.JsonParser.Default.Parse<SnapshotSummary>(summary) });
        }

        return response;
    }

    public override Task<ListSnapshotEntriesResponse> ListSnapshotEntries(ListSnapshotEntriesRequest request, ServerCallContext context) =>
        browser.ListAsync(request.Set, request.Snapshot, request.Path, context.CancellationToken);

    public override async Task<GetStatusResponse> GetStatus(GetStatusRequest request, ServerCallContext context)
    {
        var allAgents = (await agents.ListAsync(context.CancellationToken)).Where(a => !a.Revoked).ToList();
        var allSets = await sets.ListAsync(context.CancellationToken);
        var recent = await jobs.ListAsync(null, null, 1000, context.CancellationToken);
        var response = new GetStatusResponse
        {
            Agents = allAgents.Count,
            AgentsOnline = allAgents.Count(a => sessions.IsOnline(a.Id)),
            Sets = allSets.Count,
            AgentsOverdue = await CountOverdueAsync(allSets, allAgents, context),
            JobsRunning = recent.Count(j => j.State == JobState.Running),
            JobsQueued = recent.Count(j => j.State == JobState.Queued),
            ControllerVersion = typeof(AdminApi).Assembly.GetName().Version?.ToString() ?? "0.0.0",
        };
        response.SetsNeedingReauthorization.AddRange(allSets.Where(s => s.LinkState == LinkState.NeedsReauthorization).Select(s => s.Id));
        return response;
    }

    /// <summary>
    /// Agents assigned to a scheduled set whose last good backup there is older than twice the schedule's interval (a
    /// day for cron schedules), or that never had one since the set was created that long ago.
    /// </summary>
    private async Task<int> CountOverdueAsync(IReadOnlyList<SetRecord> allSets, IReadOnlyList<AgentRecord> activeAgents, ServerCallContext context)
    {
        var now = _time.GetUtcNow();
        var lastGood = await jobs.LastGoodBackupsAsync(context.CancellationToken);
        var overdue = new HashSet<string>(StringComparer.Ordinal);
        foreach (var set in allSets.Where(s => s.ScheduleIntervalSeconds is not null || s.ScheduleCron is not null))
        {
            var allowed = set.ScheduleIntervalSeconds is { } interval ? TimeSpan.FromSeconds(2 * interval) : TimeSpan.FromDays(1);
            foreach (var (agentId, _, _) in await jobs.AssignmentsAsync(set.Id, context.CancellationToken))
            {
                var since = lastGood.Where(b => b.AgentId == agentId && b.SetId == set.Id).Select(b => (long?)b.FinishedAtMs).FirstOrDefault() ?? set.CreatedAtMs;
                if (activeAgents.Any(a => a.Id == agentId) && now - DateTimeOffset.FromUnixTimeMilliseconds(since) > allowed)
                {
                    overdue.Add(agentId);
                }
            }
        }

        return overdue.Count;
    }

    private async Task<BackupSet> ToMessageAsync(SetRecord set, ServerCallContext context)
    {
        var message = new BackupSet
        {
            Id = set.Id,
            Name = set.Name,
            DropboxFolder = set.DropboxFolder,
            LinkState = set.LinkState,
            DropboxAccount = set.DropboxAccount ?? string.Empty,
            CreatedAt = Timestamp.FromDateTimeOffset(DateTimeOffset.FromUnixTimeMilliseconds(set.CreatedAtMs)),
            SnapshotCount = await snapshots.CountAsync(set.Id, context.CancellationToken),
        };
        if (set.ScheduleIntervalSeconds is { } interval)
        {
            message.Schedule = new Schedule { IntervalSeconds = (int)interval };
        }
        else if (set.ScheduleCron is { } cron)
        {
            message.Schedule = new Schedule { Cron = cron };
        }

        foreach (var (agentId, paths, excludes) in await jobs.AssignmentsAsync(set.Id, context.CancellationToken))
        {
            var assignment = new Assignment { AgentId = agentId };
            assignment.Paths.AddRange(ParseList(paths));
            assignment.Excludes.AddRange(ParseList(excludes));
            message.Assignments.Add(assignment);
        }

        return message;
    }

    private async Task<JobRecord> FindJobAsync(string jobId, ServerCallContext context) =>
        await jobs.FindAsync(jobId, context.CancellationToken)
        ?? throw new RpcException(new Status(StatusCode.NotFound, $"There is no job {jobId}."));

    private static string NewJobId() => $"job-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8))}";

    private static string JsonList(IEnumerable<string> items) => System.Text.Json.JsonSerializer.Serialize(items.ToArray(), ControllerJsonContext.Default.StringArray);

    private static string[] ParseList(string json) => System.Text.Json.JsonSerializer.Deserialize(json, ControllerJsonContext.Default.StringArray) ?? [];

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
