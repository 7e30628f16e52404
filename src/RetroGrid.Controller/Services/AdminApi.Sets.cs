using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using RetroGrid.Contracts.V1;
using RetroGrid.Controller.Catalog;
using GroomOptions = RetroGrid.Controller.Grooming.GroomOptions;
using RetroGrid.Controller.Jobs;
using RetroGrid.Controller.Sets;

namespace RetroGrid.Controller.Services;

/// <summary>The admin API for sets: create, list, show, delete, Dropbox links, assignments, schedules.</summary>
internal sealed partial class AdminApi
{
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

        if (!request.AdoptExisting && request.RecoveryPassphrase.Length < 12)
        {
            throw new ControllerException(ControllerErrorCodes.WeakRecoveryPassphrase, "The recovery passphrase is too short.");
        }

        // A new set's format objects are made now (the passphrase is never kept) and written at its first link. An
        // adopted set has them on Dropbox already: RebuildSet adds a key file for this set's key there.
        var id = $"set-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8))}";
        var kek = RandomNumberGenerator.GetBytes(32);
        var staging = new StagingStore();
        if (!request.AdoptExisting)
        {
            await Core.Repository.BackupSet.InitAsync(
                staging, request.RecoveryPassphrase, kek, new Core.Repository.BackupSetOptions { TimeProvider = options.Value.TimeProvider }, context.CancellationToken);
        }

        var record = new SetRecord
        {
            Id = id,
            Name = request.Name,
            DropboxFolder = folder,
            SealedSetKek = vault.Seal(SetRecord.SetKekPurpose(id), kek),
            Bootstrapped = request.AdoptExisting,
        };
        CryptographicOperations.ZeroMemory(kek);
        if (!await sets.AddAsync(record, staging.Objects, context.CancellationToken))
        {
            throw new RpcException(new Status(StatusCode.AlreadyExists, $"A set named '{request.Name}' exists."));
        }

        await credentials.AuditAsync(CallerIdentity.AdminOf(context), request.AdoptExisting ? "set.adopt" : "set.create", id, context.CancellationToken);
        return await ToMessageAsync(await FindAsync(id, context), context);
    }

    public override async Task RebuildSet(RebuildSetRequest request, IServerStreamWriter<RebuildProgress> responseStream, ServerCallContext context)
    {
        var set = await FindAsync(request.Set, context);
        await credentials.AuditAsync(CallerIdentity.AdminOf(context), "set.rebuild", set.Id, context.CancellationToken);
        await rebuilder.RebuildAsync(set, request.RecoveryPassphrase, progress => responseStream.WriteAsync(progress, context.CancellationToken), context.CancellationToken);
    }

    public override async Task VerifySet(VerifySetRequest request, IServerStreamWriter<VerifyProgress> responseStream, ServerCallContext context)
    {
        var set = await FindAsync(request.Set, context);
        await maintenance.VerifyAsync(
            set, request.DataSharePercent, CallerIdentity.AdminOf(context), progress => responseStream.WriteAsync(progress, context.CancellationToken), context.CancellationToken);
    }

    public override async Task<UndeleteSetResponse> UndeleteSet(UndeleteSetRequest request, ServerCallContext context)
    {
        var set = await FindAsync(request.Set, context);
        await credentials.AuditAsync(CallerIdentity.AdminOf(context), "set.undelete", set.Id, context.CancellationToken);
        return await undeleter.UndeleteAsync(set, context.CancellationToken);
    }

    public override async Task<BackupSet> SetRetention(SetRetentionRequest request, ServerCallContext context)
    {
        var set = await FindAsync(request.Set, context);
        var policy = request.Policy;
        if (policy is not null && (policy.KeepLast < 0 || policy.KeepHourly < 0 || policy.KeepDaily < 0 || policy.KeepWeekly < 0
            || policy.KeepMonthly < 0 || policy.KeepYearly < 0 || policy.KeepWithinSeconds < 0))
        {
            throw new RpcException(new Status(StatusCode.InvalidArgument, "Retention counts and durations are 0 or more."));
        }

        var json = policy is null || Grooming.SetGroomer.FromMessage(policy).IsEmpty ? null : Google.Protobuf.JsonFormatter.Default.Format(policy);
        await sets.SetRetentionAsync(set.Id, json, context.CancellationToken);
        await credentials.AuditAsync(CallerIdentity.AdminOf(context), "set.retention", $"{set.Id} {json ?? "keep all"}", context.CancellationToken);
        return await ToMessageAsync(await FindAsync(set.Id, context), context);
    }

    public override async Task<GroomSetResponse> GroomSet(GroomSetRequest request, ServerCallContext context)
    {
        var set = await FindAsync(request.Set, context);
        if (!request.DryRun)
        {
            await credentials.AuditAsync(CallerIdentity.AdminOf(context), "set.groom", set.Id, context.CancellationToken);
        }

        // A dry run changes nothing and is not recorded; a groom is a GROOM job (failed with its code if it throws).
        var options = new GroomOptions(request.DryRun, request.Prune) { RepackBelowPercent = request.RepackBelowPercent };
        return request.DryRun
            ? await groomer.GroomAsync(set, options, context.CancellationToken)
            : await maintenance.GroomAsync(set, options, CallerIdentity.AdminOf(context), context.CancellationToken);
    }

    public override async Task<RecycleSetResponse> RecycleSet(RecycleSetRequest request, ServerCallContext context)
    {
        var set = await FindAsync(request.Set, context);
        if (request.Confirm != set.Name)
        {
            throw new ControllerException(ControllerErrorCodes.RecycleNotConfirmed, $"Type the set's name, {set.Name}, to recycle it.");
        }

        await credentials.AuditAsync(CallerIdentity.AdminOf(context), "set.recycle", set.Id, context.CancellationToken);
        return await recycler.RecycleAsync(set, context.CancellationToken);
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

    public override async Task<BackupSet> SetSchedule(SetScheduleRequest request, ServerCallContext context)
    {
        var set = await FindAsync(request.Set, context);
        var (verify, groom) = MaintenanceSchedulesOf(request);
        long? interval = null;
        string? cron = null;
        (long, string?, long)? proactive = null;
        switch (request.Schedule?.KindCase)
        {
            case Schedule.KindOneofCase.Proactive when request.Schedule.Proactive is { IntervalSeconds: < 60 } or { MaxConcurrent: < 0 }:
                throw new RpcException(new Status(StatusCode.InvalidArgument, "A proactive interval is at least 60 seconds, and the limit 0 or more."));
            case Schedule.KindOneofCase.Proactive:
                var p = request.Schedule.Proactive;
                var window = BackupWindow.TryParse(p.WindowStart, p.WindowEnd, out var windowProblem)
                    ?? throw new RpcException(new Status(StatusCode.InvalidArgument, windowProblem!));
                proactive = (p.IntervalSeconds, window == BackupWindow.AllDay ? null : window.ToString(), p.MaxConcurrent);
                break;
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

        if (!request.KeepBackupSchedule)
        {
            await sets.SetScheduleAsync(set.Id, interval, cron, proactive, context.CancellationToken);
        }

        await SetMaintenanceSchedulesAsync(set.Id, verify, groom, context);
        await credentials.AuditAsync(CallerIdentity.AdminOf(context), "set.schedule", $"{set.Id} {ScheduleAudit(request)}", context.CancellationToken);
        return await ToMessageAsync(await FindAsync(set.Id, context), context);
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
        (message.PackCount, message.StoredBytes) = await packs.TotalsAsync(set.Id, context.CancellationToken);
        (message.VerifySchedule, message.GroomSchedule) = MaintenanceSchedulesOf(set);
        if (set.RetentionJson is { } retention)
        {
            message.Retention = Google.Protobuf.JsonParser.Default.Parse<RetentionPolicy>(retention);
        }
        if (set.ScheduleIntervalSeconds is { } interval)
        {
            message.Schedule = new Schedule { IntervalSeconds = (int)interval };
        }
        else if (set.ScheduleCron is { } cron)
        {
            message.Schedule = new Schedule { Cron = cron };
        }
        else if (set.ProactiveIntervalSeconds is { } every)
        {
            var window = BackupWindow.Parse(set.ProactiveWindow);
            message.Schedule = new Schedule
            {
                Proactive = new ProactiveSchedule
                {
                    IntervalSeconds = (int)every,
                    WindowStart = window == BackupWindow.AllDay ? string.Empty : window.ToString()[..5],
                    WindowEnd = window == BackupWindow.AllDay ? string.Empty : window.ToString()[6..],
                    MaxConcurrent = (int)(set.ProactiveMax ?? 0),
                },
            };
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

    private async Task<SetRecord> FindAsync(string idOrName, ServerCallContext context) =>
        await sets.FindAsync(idOrName, context.CancellationToken)
        ?? throw new ControllerException(ControllerErrorCodes.SetNotFound, $"No set '{idOrName}'.");

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")]
    private static partial Regex SetName();
}
