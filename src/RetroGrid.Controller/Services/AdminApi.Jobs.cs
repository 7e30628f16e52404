using Grpc.Core;
using RetroGrid.Contracts.V1;
using RetroGrid.Controller.Catalog;
using RetroGrid.Controller.Jobs;

namespace RetroGrid.Controller.Services;

/// <summary>The admin API for jobs, snapshots and the fleet status.</summary>
internal sealed partial class AdminApi
{
    public override async Task<Job> StartBackup(StartBackupRequest request, ServerCallContext context)
    {
        var set = await FindAsync(request.Set, context);
        var job = await coordinator.QueueBackupAsync(set.Id, request.AgentId, request.Tags, CallerIdentity.AdminOf(context), context.CancellationToken)
            ?? throw new ControllerException(ControllerErrorCodes.NotAssigned, $"{request.AgentId} is not assigned to {set.Id}.");
        await credentials.AuditAsync(CallerIdentity.AdminOf(context), "job.backup", job.Id, context.CancellationToken);
        return coordinator.ToMessage(job);
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
        var start = new StartJob { JobId = JobCoordinator.NewJobId(), SetId = set.Id, Restore = restore };
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

    /// <summary>Agents assigned to a scheduled set whose backups there are overdue (<see cref="BackupAge"/>).</summary>
    private async Task<int> CountOverdueAsync(IReadOnlyList<SetRecord> allSets, IReadOnlyList<AgentRecord> activeAgents, ServerCallContext context)
    {
        var now = _time.GetUtcNow();
        var lastGood = await jobs.LastGoodBackupsAsync(context.CancellationToken);
        var overdue = new HashSet<string>(StringComparer.Ordinal);
        foreach (var set in allSets.Where(s => BackupAge.Allowed(s) is not null))
        {
            foreach (var (agentId, _, _) in await jobs.AssignmentsAsync(set.Id, context.CancellationToken))
            {
                var since = lastGood.Where(b => b.AgentId == agentId && b.SetId == set.Id).Select(b => (long?)b.FinishedAtMs).FirstOrDefault();
                if (activeAgents.Any(a => a.Id == agentId) && BackupAge.IsOverdue(BackupAge.Allowed(set), since, set.CreatedAtMs, now))
                {
                    overdue.Add(agentId);
                }
            }
        }

        return overdue.Count;
    }

    private async Task<JobRecord> FindJobAsync(string jobId, ServerCallContext context) =>
        await jobs.FindAsync(jobId, context.CancellationToken)
        ?? throw new RpcException(new Status(StatusCode.NotFound, $"There is no job {jobId}."));

    private static string JsonList(IEnumerable<string> items) => System.Text.Json.JsonSerializer.Serialize(items.ToArray(), ControllerJsonContext.Default.StringArray);

    private static string[] ParseList(string json) => System.Text.Json.JsonSerializer.Deserialize(json, ControllerJsonContext.Default.StringArray) ?? [];
}
