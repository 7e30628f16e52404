using System.CommandLine;
using System.Globalization;
using RetroGrid.Contracts.V1;

namespace RetroGrid.Rgctl;

/// <summary>rgctl's commands: <c>agent</c>, <c>set</c>, <c>backup</c>, <c>restore</c>, <c>jobs</c>, <c>cancel</c>.</summary>
internal static class RgctlCommands
{
    public static IEnumerable<Command> Create(RgctlContext context)
    {
        yield return Agent(context);
        yield return Set(context);
        yield return Backup(context);
        yield return Restore(context);
        yield return Jobs(context);
        yield return Cancel(context);
        yield return Snapshots(context);
        yield return Ls(context);
        yield return Status(context);
    }

    private static Command Snapshots(RgctlContext context)
    {
        var set = new Argument<string>("set") { Description = "The set's name or id." };
        var agent = new Option<string?>("--agent") { Description = "Only this agent's snapshots." };
        var command = new Command("snapshots", "A set's snapshots, newest first.") { set, agent };
        command.SetAction(async (parse, token) =>
        {
            using var connection = context.Connect(parse);
            var answer = await connection.Admin.ListSnapshotsAsync(new ListSnapshotsRequest { Set = parse.GetValue(set)!, AgentId = parse.GetValue(agent) ?? string.Empty }, cancellationToken: token);
            return await context.PrintAsync(parse, answer, [
                $"{"SNAPSHOT",-14} {"TIME (UTC)",-20} {"AGENT",-22} {"FILES",7} PATHS",
                .. answer.Snapshots.Select(s => $"{s.Name[..Math.Min(12, s.Name.Length)],-14} {s.Summary.Time.ToDateTimeOffset():u} {s.Summary.AgentId,-22} {s.Summary.Statistics?.FilesScanned ?? 0,7} {string.Join(", ", s.Summary.Paths)}")]);
        });
        return command;
    }

    private static Command Ls(RgctlContext context)
    {
        var set = new Argument<string>("set") { Description = "The set's name or id." };
        var snapshot = new Argument<string>("snapshot") { Description = "Snapshot name, a unique prefix of it, or latest." };
        var path = new Argument<string>("path") { Description = "A folder in the snapshot (default: the top).", DefaultValueFactory = _ => string.Empty };
        var command = new Command("ls", "List one folder of a snapshot.") { set, snapshot, path };
        command.SetAction(async (parse, token) =>
        {
            using var connection = context.Connect(parse);
            var answer = await connection.Admin.ListSnapshotEntriesAsync(
                new ListSnapshotEntriesRequest { Set = parse.GetValue(set)!, Snapshot = parse.GetValue(snapshot)!, Path = parse.GetValue(path) ?? string.Empty }, cancellationToken: token);
            return await context.PrintAsync(parse, answer, [
                .. answer.Entries.Select(e => $"{(e.Kind == EntryKind.Directory ? "d" : e.Kind == EntryKind.Symlink ? "l" : "-")} {e.Size,12} {e.Modified.ToDateTimeOffset():u} {e.Name}{(e.Kind == EntryKind.Directory ? "/" : string.Empty)}")]);
        });
        return command;
    }

    private static Command Status(RgctlContext context)
    {
        var command = new Command("status", "The fleet at a glance.");
        command.SetAction(async (parse, token) =>
        {
            using var connection = context.Connect(parse);
            var status = await connection.Admin.GetStatusAsync(new GetStatusRequest(), cancellationToken: token);
            return await context.PrintAsync(parse, status, [
                $"Agents: {status.AgentsOnline} of {status.Agents} online, {status.AgentsOverdue} overdue",
                $"Sets: {status.Sets}{(status.SetsNeedingReauthorization.Count > 0 ? $" ({status.SetsNeedingReauthorization.Count} NEED RE-AUTHORIZATION: {string.Join(", ", status.SetsNeedingReauthorization)})" : string.Empty)}",
                $"Jobs: {status.JobsRunning} running, {status.JobsQueued} queued",
                $"Controller {status.ControllerVersion}"]);
        });
        return command;
    }

    private static Command Agent(RgctlContext context)
    {
        var hours = new Option<int>("--expires-hours") { Description = "How long the token may be used (1-168 hours).", DefaultValueFactory = _ => 24 };
        var enrollToken = new Command("enroll-token", "Create a one-time enrollment token and print the agent's enroll command.") { hours };
        enrollToken.SetAction(async (parse, token) =>
        {
            using var connection = context.Connect(parse);
            var answer = await connection.Admin.CreateEnrollmentTokenAsync(new CreateEnrollmentTokenRequest { ValidForSeconds = parse.GetValue(hours) * 3600 }, cancellationToken: token);
            var controller = parse.GetValue(context.Globals.Controller) ?? Environment.GetEnvironmentVariable("RGCTL_CONTROLLER") ?? "https://127.0.0.1:7443/";
            return await context.PrintAsync(parse, answer,
                $"Token (one use, until {answer.ExpiresAt.ToDateTimeOffset():u}): {answer.Token}",
                "On the workstation:",
                $"  retrogrid-agent enroll --controller {controller} --token {answer.Token} --ca-sha256 {answer.CaSha256}");
        });

        var list = new Command("list", "List enrolled agents.");
        list.SetAction(async (parse, token) =>
        {
            using var connection = context.Connect(parse);
            var answer = await connection.Admin.ListAgentsAsync(new ListAgentsRequest(), cancellationToken: token);
            return await context.PrintAsync(parse, answer, [
                $"{"AGENT",-22} {"HOST",-20} {"STATE",-8} {"VERSION",-8} {"LAST SEEN",-20} LAST GOOD BACKUP",
                .. answer.Agents.Select(a => $"{a.Id,-22} {a.HostName,-20} {(a.Revoked ? "revoked" : a.Online ? "online" : "offline"),-8} {a.Version,-8} {a.LastSeen.ToDateTimeOffset():u} "
                    + (a.LastGoodBackups.Count == 0 ? "never" : $"{a.LastGoodBackups.Max(b => b.FinishedAt.ToDateTimeOffset()):u}"))]);
        });

        var agentId = new Argument<string>("agent") { Description = "The agent's id." };
        var revoke = new Command("revoke", "Revoke an agent: its next call is refused.") { agentId };
        revoke.SetAction(async (parse, token) =>
        {
            using var connection = context.Connect(parse);
            var answer = await connection.Admin.RevokeAgentAsync(new RevokeAgentRequest { AgentId = parse.GetValue(agentId)! }, cancellationToken: token);
            return await context.PrintAsync(parse, answer, $"Agent {answer.Id} revoked.");
        });

        return new Command("agent", "Agents: enrollment tokens, listing, revocation.") { enrollToken, list, revoke };
    }

    private static Command Set(RgctlContext context)
    {
        var name = new Argument<string>("set") { Description = "The set's name or id." };
        var folder = new Option<string?>("--folder") { Description = "Its Dropbox folder (default /RetroGrid/NAME)." };
        var create = new Command("create", "Create a backup set (asks for its recovery passphrase, or RGCTL_RECOVERY_PASSPHRASE).") { name, folder };
        create.SetAction(async (parse, token) =>
        {
            using var connection = context.Connect(parse);
            var passphrase = context.ReadSecret("RGCTL_RECOVERY_PASSPHRASE", "Recovery passphrase (12+ characters; keep it safe): ");
            var answer = await connection.Admin.CreateSetAsync(new CreateSetRequest { Name = parse.GetValue(name)!, DropboxFolder = parse.GetValue(folder) ?? string.Empty, RecoveryPassphrase = passphrase }, cancellationToken: token);
            return await context.PrintAsync(parse, answer, $"Set {answer.Name} ({answer.Id}) created for {answer.DropboxFolder}. Link it: rgctl set link {answer.Name}");
        });

        var list = new Command("list", "List backup sets.");
        list.SetAction(async (parse, token) =>
        {
            using var connection = context.Connect(parse);
            var answer = await connection.Admin.ListSetsAsync(new ListSetsRequest(), cancellationToken: token);
            return await context.PrintAsync(parse, answer, [
                $"{"SET",-20} {"ID",-22} {"LINK",-22} FOLDER",
                .. answer.Sets.Select(s => $"{s.Name,-20} {s.Id,-22} {LinkText(s.LinkState),-22} {s.DropboxFolder}")]);
        });

        var show = new Command("show", "Show one backup set.") { name };
        show.SetAction(async (parse, token) =>
        {
            using var connection = context.Connect(parse);
            var set = await connection.Admin.GetSetAsync(new GetSetRequest { Set = parse.GetValue(name)! }, cancellationToken: token);
            return await context.PrintAsync(parse, set, [
                $"Set {set.Name} ({set.Id})",
                $"  Dropbox folder: {set.DropboxFolder}",
                $"  Link: {LinkText(set.LinkState)}{(set.DropboxAccount.Length > 0 ? $" ({set.DropboxAccount})" : string.Empty)}",
                $"  Schedule: {ScheduleText(set.Schedule)}; {set.SnapshotCount} snapshots",
                .. set.LinkState == LinkState.LegacyToken ? ["  WARNING: linked with a legacy long-lived token; re-link it with `rgctl set link` to use refresh tokens."] : Array.Empty<string>(),
                .. set.Assignments.Select(a => $"  Agent {a.AgentId}: {string.Join(", ", a.Paths)}{(a.Excludes.Count > 0 ? $" (excluding {string.Join(", ", a.Excludes)})" : string.Empty)}")]);
        });

        var code = new Option<string?>("--code") { Description = "The code Dropbox showed (otherwise it is asked for)." };
        var link = new Command("link", "Link a set to a Dropbox account (PKCE): open the printed address, approve, paste the code.") { name, code };
        link.SetAction(async (parse, token) =>
        {
            using var connection = context.Connect(parse);
            var begun = await connection.Admin.BeginLinkAsync(new BeginLinkRequest { Set = parse.GetValue(name)! }, cancellationToken: token);
            await context.Out.WriteLineAsync($"Open this address in a browser signed in to the Dropbox account, and approve:\n  {begun.AuthorizeUrl}");
            var given = parse.GetValue(code) ?? context.ReadSecret("RGCTL_LINK_CODE", "Code shown by Dropbox: ");
            var set = await connection.Admin.CompleteLinkAsync(new CompleteLinkRequest { State = begun.State, Code = given }, cancellationToken: token);
            return await context.PrintAsync(parse, set, $"Set {set.Name} is linked to Dropbox ({set.DropboxAccount}).");
        });

        var assignAgent = new Argument<string>("agent") { Description = "The agent's id." };
        var paths = new Argument<string[]>("paths") { Description = "Absolute paths on the agent's workstation.", Arity = ArgumentArity.OneOrMore };
        var excludes = new Option<string[]>("--exclude") { Description = "Names or paths to leave out (globs).", AllowMultipleArgumentsPerToken = true };
        var assign = new Command("assign", "Assign an agent to a set: what it backs up there.") { name, assignAgent, paths, excludes };
        assign.SetAction(async (parse, token) =>
        {
            using var connection = context.Connect(parse);
            var assignment = new Assignment { AgentId = parse.GetValue(assignAgent)! };
            assignment.Paths.AddRange(parse.GetValue(paths)!);
            assignment.Excludes.AddRange(parse.GetValue(excludes) ?? []);
            var set = await connection.Admin.AssignAgentAsync(new AssignAgentRequest { Set = parse.GetValue(name)!, Assignment = assignment }, cancellationToken: token);
            return await context.PrintAsync(parse, set, $"Agent {assignment.AgentId} backs up {string.Join(", ", assignment.Paths)} into {set.Name}.");
        });

        var every = new Option<int?>("--every-minutes") { Description = "Back up every N minutes (at least 1)." };
        var cron = new Option<string?>("--cron") { Description = "Back up at the times of a five-field cron expression (UTC), e.g. \"0 2 * * *\"." };
        var schedule = new Command("schedule", "Schedule a set's backups (neither option: only on request).") { name, every, cron };
        schedule.SetAction(async (parse, token) =>
        {
            using var connection = context.Connect(parse);
            var request = new SetScheduleRequest { Set = parse.GetValue(name)! };
            if (parse.GetValue(every) is { } minutes)
            {
                request.Schedule = new Schedule { IntervalSeconds = minutes * 60 };
            }
            else if (parse.GetValue(cron) is { } expression)
            {
                request.Schedule = new Schedule { Cron = expression };
            }

            var answer = await connection.Admin.SetScheduleAsync(request, cancellationToken: token);
            return await context.PrintAsync(parse, answer, $"Set {answer.Name}: {ScheduleText(answer.Schedule)}.");
        });

        return new Command("set", "Backup sets: create, list, show, link, assign, schedule.") { create, list, show, link, assign, schedule };
    }

    private static Command Backup(RgctlContext context)
    {
        var set = new Argument<string>("set") { Description = "The set's name or id." };
        var agent = new Argument<string>("agent") { Description = "The agent's id." };
        var noWait = new Option<bool>("--no-wait") { Description = "Queue the job and return at once." };
        var command = new Command("backup", "Back up an agent's assignment now (waits and shows progress).") { set, agent, noWait };
        command.SetAction(async (parse, token) =>
        {
            using var connection = context.Connect(parse);
            var job = await connection.Admin.StartBackupAsync(new StartBackupRequest { Set = parse.GetValue(set)!, AgentId = parse.GetValue(agent)! }, cancellationToken: token);
            return await FollowAsync(context, parse, connection, job, parse.GetValue(noWait), token);
        });
        return command;
    }

    private static Command Restore(RgctlContext context)
    {
        var set = new Argument<string>("set") { Description = "The set's name or id." };
        var agent = new Argument<string>("agent") { Description = "The agent to restore onto." };
        var snapshot = new Argument<string>("snapshot") { Description = "Snapshot name, a unique prefix of it, or latest." };
        var target = new Option<string>("--target") { Description = "Absolute folder on the agent's workstation.", Required = true };
        var includes = new Option<string[]>("--include") { Description = "Globs selecting what to restore.", AllowMultipleArgumentsPerToken = true };
        var noWait = new Option<bool>("--no-wait") { Description = "Queue the job and return at once." };
        var command = new Command("restore", "Restore a snapshot onto an agent (waits and shows progress).") { set, agent, snapshot, target, includes, noWait };
        command.SetAction(async (parse, token) =>
        {
            using var connection = context.Connect(parse);
            var request = new StartRestoreRequest { Set = parse.GetValue(set)!, AgentId = parse.GetValue(agent)!, Snapshot = parse.GetValue(snapshot)!, Target = parse.GetValue(target)! };
            request.Includes.AddRange(parse.GetValue(includes) ?? []);
            var job = await connection.Admin.StartRestoreAsync(request, cancellationToken: token);
            return await FollowAsync(context, parse, connection, job, parse.GetValue(noWait), token);
        });
        return command;
    }

    private static Command Jobs(RgctlContext context)
    {
        var set = new Option<string?>("--set") { Description = "Only this set's jobs." };
        var agent = new Option<string?>("--agent") { Description = "Only this agent's jobs." };
        var command = new Command("jobs", "Job history, newest first.") { set, agent };
        command.SetAction(async (parse, token) =>
        {
            using var connection = context.Connect(parse);
            var answer = await connection.Admin.ListJobsAsync(new ListJobsRequest { Set = parse.GetValue(set) ?? string.Empty, AgentId = parse.GetValue(agent) ?? string.Empty }, cancellationToken: token);
            return await context.PrintAsync(parse, answer, [
                $"{"JOB",-22} {"KIND",-8} {"STATE",-10} {"AGENT",-22} RESULT",
                .. answer.Jobs.Select(j => $"{j.Id,-22} {j.Kind.ToString().ToLowerInvariant(),-8} {j.State.ToString().ToLowerInvariant(),-10} {j.AgentId,-22} {Result(j)}")]);
        });
        return command;
    }

    private static Command Cancel(RgctlContext context)
    {
        var jobId = new Argument<string>("job") { Description = "The job's id." };
        var command = new Command("cancel", "Cancel a queued or running job.") { jobId };
        command.SetAction(async (parse, token) =>
        {
            using var connection = context.Connect(parse);
            var job = await connection.Admin.CancelJobAsync(new CancelJobRequest { JobId = parse.GetValue(jobId)! }, cancellationToken: token);
            return await context.PrintAsync(parse, job, $"Job {job.Id}: {job.State.ToString().ToLowerInvariant()}.");
        });
        return command;
    }

    /// <summary>Prints the job's changes until it ends (exit 0 only if it succeeded), or just the queued job with --no-wait.</summary>
    private static async Task<int> FollowAsync(RgctlContext context, ParseResult parse, ControllerConnection connection, Job job, bool noWait, CancellationToken cancellationToken)
    {
        if (noWait)
        {
            return await context.PrintAsync(parse, job, $"Job {job.Id} queued.");
        }

        using var watch = connection.Admin.WatchJob(new WatchJobRequest { JobId = job.Id }, cancellationToken: cancellationToken);
        var last = job;
        while (await watch.ResponseStream.MoveNext(cancellationToken))
        {
            last = watch.ResponseStream.Current;
            if (!parse.GetValue(context.Globals.Json))
            {
                await context.Out.WriteLineAsync($"{last.Id} {last.State.ToString().ToLowerInvariant(),-10} {last.Statistics?.FilesDone ?? 0} files {Result(last)}");
            }
        }

        if (parse.GetValue(context.Globals.Json))
        {
            await context.PrintAsync(parse, last);
        }

        return last.State == JobState.Succeeded ? 0 : 1;
    }

    private static string Result(Job job) =>
        job.Error is { Code.Length: > 0 } error ? $"{error.Code}: {error.Message}"
        : job.SnapshotName.Length > 0 ? $"snapshot {job.SnapshotName[..Math.Min(12, job.SnapshotName.Length)]}"
        : job.Statistics is { } s && (s.BytesUploaded > 0 || s.BytesWritten > 0) ? string.Create(CultureInfo.InvariantCulture, $"{Math.Max(s.BytesUploaded, s.BytesWritten):N0} bytes")
        : string.Empty;

    private static string ScheduleText(Schedule? schedule) => schedule?.KindCase switch
    {
        Schedule.KindOneofCase.IntervalSeconds => $"every {schedule.IntervalSeconds / 60} minutes",
        Schedule.KindOneofCase.Cron => $"cron \"{schedule.Cron}\" (UTC)",
        _ => "backups only on request",
    };

    private static string LinkText(LinkState state) => state switch
    {
        LinkState.Linked => "linked",
        LinkState.LegacyToken => "legacy token (re-link!)",
        LinkState.NeedsReauthorization => "NEEDS RE-AUTHORIZATION",
        _ => "not linked",
    };
}
