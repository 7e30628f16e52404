using System.CommandLine;
using System.Globalization;
using RetroGrid.Contracts.V1;

namespace RetroGrid.Rgctl;

/// <summary>rgctl's commands; <c>agent</c>, <c>status</c>, <c>snapshots</c> and <c>ls</c> here, sets and jobs in their own files.</summary>
internal static class RgctlCommands
{
    public static IEnumerable<Command> Create(RgctlContext context)
    {
        yield return Agent(context);
        yield return SetCommands.Create(context);
        yield return JobCommands.Backup(context);
        yield return JobCommands.Restore(context);
        yield return JobCommands.Jobs(context);
        yield return JobCommands.Cancel(context);
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
            var table = new TextTable(new("SNAPSHOT"), new("TIME (UTC)"), new("AGENT"), new("FILES", AlignRight: true), new("PATHS", Shrinkable: true));
            foreach (var snapshot in answer.Snapshots)
            {
                var summary = snapshot.Summary ?? new SnapshotSummary();
                table.Add(Display.ShortName(snapshot.Name), Display.Time(summary.Time), summary.AgentId, Count(summary.Statistics?.FilesScanned ?? 0), string.Join(", ", summary.Paths));
            }

            return await context.PrintTableAsync(parse, answer, table);
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
            return await context.PrintAsync(
                parse,
                answer,
                () => answer.Entries.Aggregate(
                    new TextTable(new("TYPE"), new("SIZE", AlignRight: true), new("MODIFIED (UTC)"), new("NAME", Shrinkable: true)),
                    (table, e) => table.Add(KindLetter(e.Kind), Count(e.Size), Display.Time(e.Modified), EntryName(e))),
                answer.Entries.Select(e => $"{KindLetter(e.Kind)} {e.Size,12} {Display.Time(e.Modified)} {EntryName(e)}"));
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
            var agents = $"{status.AgentsOnline} of {status.Agents} online, {status.AgentsOverdue} overdue";
            var sets = $"{status.Sets}{(status.SetsNeedingReauthorization.Count > 0 ? $" ({status.SetsNeedingReauthorization.Count} NEED RE-AUTHORIZATION: {string.Join(", ", status.SetsNeedingReauthorization)})" : string.Empty)}";
            var jobs = $"{status.JobsRunning} running, {status.JobsQueued} queued";
            return await context.PrintAsync(
                parse,
                status,
                () => new TextTable(new("AREA"), new("STATUS", Shrinkable: true))
                    .Add("Agents", agents).Add("Sets", sets).Add("Jobs", jobs).Add("Controller", status.ControllerVersion),
                $"Agents: {agents}",
                $"Sets: {sets}",
                $"Jobs: {jobs}",
                $"Controller {status.ControllerVersion}");
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
            var table = new TextTable(new("AGENT"), new("HOST", Shrinkable: true), new("STATE"), new("VERSION"), new("LAST SEEN"), new("LAST GOOD BACKUP"));
            foreach (var a in answer.Agents)
            {
                table.Add(
                    a.Id,
                    a.HostName,
                    a.Revoked ? "revoked" : a.Online ? "online" : "offline",
                    a.Version,
                    Display.Time(a.LastSeen),
                    a.LastGoodBackups.Count == 0 ? "never" : Display.Time(a.LastGoodBackups.Max(b => b.FinishedAt)));
            }

            return await context.PrintTableAsync(parse, answer, table);
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

    private static string Count(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static string KindLetter(EntryKind kind) => kind == EntryKind.Directory ? "d" : kind == EntryKind.Symlink ? "l" : "-";

    private static string EntryName(SnapshotEntry entry) => entry.Kind == EntryKind.Directory ? entry.Name + "/" : entry.Name;
}
