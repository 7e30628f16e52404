using System.Globalization;
using System.CommandLine;
using RetroGrid.Contracts.V1;

namespace RetroGrid.Rgctl;

/// <summary><c>rgctl set</c>: create, list, show, link (opening the browser), assign, schedule.</summary>
internal static class SetCommands
{
    public static Command Create(RgctlContext context)
    {
        var name = new Argument<string>("set") { Description = "The set's name or id." };
        var folder = new Option<string?>("--folder") { Description = "Its Dropbox folder (default /RetroGrid/NAME)." };
        var adopt = new Option<bool>("--adopt") { Description = "The folder holds a set made by a controller that was lost: take it over (then link and rebuild it)." };
        var create = new Command("create", "Create a backup set (asks for its recovery passphrase, or RGCTL_RECOVERY_PASSPHRASE).") { name, folder, adopt };
        create.SetAction(async (parse, token) =>
        {
            using var connection = context.Connect(parse);
            var adopting = parse.GetValue(adopt);
            var passphrase = adopting ? string.Empty : context.ReadSecret("RGCTL_RECOVERY_PASSPHRASE", "Recovery passphrase (12+ characters; keep it safe): ");
            var answer = await connection.Admin.CreateSetAsync(
                new CreateSetRequest { Name = parse.GetValue(name)!, DropboxFolder = parse.GetValue(folder) ?? string.Empty, RecoveryPassphrase = passphrase, AdoptExisting = adopting },
                cancellationToken: token);
            return await context.PrintAsync(parse, answer, adopting
                ? $"Set {answer.Name} ({answer.Id}) adopts {answer.DropboxFolder}. Link it (rgctl set link {answer.Name}), then: rgctl set rebuild {answer.Name} --passphrase"
                : $"Set {answer.Name} ({answer.Id}) created for {answer.DropboxFolder}. Link it: rgctl set link {answer.Name}");
        });

        var list = new Command("list", "List backup sets.");
        list.SetAction(async (parse, token) =>
        {
            using var connection = context.Connect(parse);
            var answer = await connection.Admin.ListSetsAsync(new ListSetsRequest(), cancellationToken: token);
            var table = new TextTable(new("SET"), new("ID"), new("LINK"), new("FOLDER", Shrinkable: true));
            foreach (var set in answer.Sets)
            {
                table.Add(set.Name, set.Id, LinkText(set.LinkState), set.DropboxFolder);
            }

            return await context.PrintTableAsync(parse, answer, table);
        });

        var show = new Command("show", "Show one backup set.") { name };
        show.SetAction(async (parse, token) =>
        {
            using var connection = context.Connect(parse);
            var set = await connection.Admin.GetSetAsync(new GetSetRequest { Set = parse.GetValue(name)! }, cancellationToken: token);
            string[] details = [
                $"Set {set.Name} ({set.Id})",
                $"  Dropbox folder: {set.DropboxFolder}",
                $"  Link: {LinkText(set.LinkState)}{(set.DropboxAccount.Length > 0 ? $" ({set.DropboxAccount})" : string.Empty)}",
                $"  Schedule: {ScheduleText(set.Schedule)}; {set.SnapshotCount} snapshots",
                $"  Verify: {MaintenanceSchedules.VerifyText(set.VerifySchedule)}",
                $"  Groom: {MaintenanceSchedules.GroomText(set.GroomSchedule)}",
                $"  Stored: {set.PackCount} packs, {Display.Bytes(set.StoredBytes)}",
                .. set.LinkState == LinkState.LegacyToken ? ["  WARNING: linked with a legacy long-lived token; re-link it with `rgctl set link` to use refresh tokens."] : Array.Empty<string>()];
            if (context.IsRich(parse) && set.Assignments.Count > 0)
            {
                var table = set.Assignments.Aggregate(
                    new TextTable(new("AGENT"), new("PATHS", Shrinkable: true), new("EXCLUDES", Shrinkable: true)),
                    (t, a) => t.Add(a.AgentId, string.Join(", ", a.Paths), string.Join(", ", a.Excludes)));
                return await context.PrintAsync(parse, set, [.. details, string.Empty, .. context.Render(parse, table)]);
            }

            return await context.PrintAsync(parse, set, [
                .. details,
                .. set.Assignments.Select(a => $"  Agent {a.AgentId}: {string.Join(", ", a.Paths)}{(a.Excludes.Count > 0 ? $" (excluding {string.Join(", ", a.Excludes)})" : string.Empty)}")]);
        });

        var code = new Option<string?>("--code") { Description = "The code Dropbox showed (otherwise it is asked for)." };
        var noBrowser = new Option<bool>("--no-browser") { Description = "Only print the address; do not open a browser." };
        var link = new Command("link", "Link a set to a Dropbox account (PKCE): opens the address in a browser (and prints it), approve, paste the code.") { name, code, noBrowser };
        link.SetAction(async (parse, token) =>
        {
            using var connection = context.Connect(parse);
            var begun = await connection.Admin.BeginLinkAsync(new BeginLinkRequest { Set = parse.GetValue(name)! }, cancellationToken: token);
            await context.Out.WriteLineAsync($"Open this address in a browser signed in to the Dropbox account, and approve:\n  {begun.AuthorizeUrl}");
            if (begun.AuthorizeUrl.Length > 0 && !parse.GetValue(noBrowser) && context.Console.Browser.TryOpen(begun.AuthorizeUrl))
            {
                await context.Out.WriteLineAsync("(Opened in your browser. If it did not appear, open the address yourself.)");
            }

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
        var proactiveHours = new Option<int?>("--proactive-every-hours") { Description = "Proactive backup: each online agent once its last good backup is this many hours old, most overdue first." };
        var window = new Option<string?>("--window") { Description = "With --proactive-every-hours: the daily window backups start in, HH:MM-HH:MM UTC (default: any time)." };
        var maxConcurrent = new Option<int>("--max-concurrent") { Description = "With --proactive-every-hours: backups of this set at once (0: only the controller's limit)." };
        var verifyHours = new Option<int?>("--verify-every-hours") { Description = "The controller verifies the set every N hours (0: only on request)." };
        var verifyData = new Option<int?>("--verify-data") { Description = "With --verify-every-hours: percentage of packs each run downloads and checks (default 10)." };
        var groomHours = new Option<int?>("--groom-every-hours") { Description = "The controller grooms the set by its retention policy every N hours (0: only on request)." };
        var groomPrune = new Option<bool>("--groom-prune") { Description = "With --groom-every-hours: also prune (delete the packs no snapshot uses)." };
        var schedule = new Command("schedule", "Schedule a set's backups (no option: only on request), and its verify and groom runs (left as they are unless given).")
        {
            name, every, cron, proactiveHours, window, maxConcurrent, verifyHours, verifyData, groomHours, groomPrune,
        };
        schedule.SetAction(async (parse, token) =>
        {
            using var connection = context.Connect(parse);
            var request = new SetScheduleRequest { Set = parse.GetValue(name)! };
            MaintenanceSchedules.AddTo(request, parse.GetValue(verifyHours), parse.GetValue(verifyData), parse.GetValue(groomHours), parse.GetValue(groomPrune));

            // Only verify or groom options: the backup schedule stays as it is.
            request.KeepBackupSchedule = (request.VerifySchedule is not null || request.GroomSchedule is not null)
                && parse.GetValue(every) is null && parse.GetValue(cron) is null && parse.GetValue(proactiveHours) is null;
            if (parse.GetValue(every) is { } minutes)
            {
                request.Schedule = new Schedule { IntervalSeconds = minutes * 60 };
            }
            else if (parse.GetValue(cron) is { } expression)
            {
                request.Schedule = new Schedule { Cron = expression };
            }
            else if (parse.GetValue(proactiveHours) is { } hours)
            {
                var (start, end) = parse.GetValue(window)?.Split('-') is [var from, var to] ? (from, to) : (string.Empty, string.Empty);
                request.Schedule = new Schedule
                {
                    Proactive = new ProactiveSchedule { IntervalSeconds = hours * 3600, WindowStart = start, WindowEnd = end, MaxConcurrent = parse.GetValue(maxConcurrent) },
                };
            }

            var answer = await connection.Admin.SetScheduleAsync(request, cancellationToken: token);
            return await context.PrintAsync(
                parse, answer, $"Set {answer.Name}: {ScheduleText(answer.Schedule)}; verify {MaintenanceSchedules.VerifyText(answer.VerifySchedule)}; groom {MaintenanceSchedules.GroomText(answer.GroomSchedule)}.");
        });

        return new Command("set", "Backup sets: create, list, show, link, assign, schedule, retention, groom, verify, undelete, rebuild, recycle.") { create, list, show, link, assign, schedule, Retention(context), Groom(context), Verify(context), Undelete(context), Rebuild(context), Recycle(context) };
    }

    private static string ProactiveText(ProactiveSchedule proactive) =>
        $"proactive, each agent every {proactive.IntervalSeconds / 3600} hours"
        + (proactive.WindowStart.Length > 0 ? $" between {proactive.WindowStart} and {proactive.WindowEnd} UTC" : string.Empty)
        + (proactive.MaxConcurrent > 0 ? $", {proactive.MaxConcurrent} at once" : string.Empty);

    private static string ScheduleText(Schedule? schedule) => schedule?.KindCase switch
    {
        Schedule.KindOneofCase.IntervalSeconds => $"every {schedule.IntervalSeconds / 60} minutes",
        Schedule.KindOneofCase.Cron => $"cron \"{schedule.Cron}\" (UTC)",
        Schedule.KindOneofCase.Proactive => ProactiveText(schedule.Proactive),
        _ => "backups only on request",
    };

    private static string LinkText(LinkState state) => state switch
    {
        LinkState.Linked => "linked",
        LinkState.LegacyToken => "legacy token (re-link!)",
        LinkState.NeedsReauthorization => "NEEDS RE-AUTHORIZATION",
        _ => "not linked",
    };

    /// <summary><c>rgctl set rebuild NAME [--passphrase]</c>: the catalog again from Dropbox, with progress on stderr.</summary>
    private static Command Rebuild(RgctlContext context)
    {
        var name = new Argument<string>("set") { Description = "The set's name or id." };
        var withPassphrase = new Option<bool>("--passphrase") { Description = "Ask for the set's recovery passphrase (or RGCTL_RECOVERY_PASSPHRASE): needed once for an adopted set." };
        var rebuild = new Command("rebuild", "Rebuild a set's catalog (packs, blobs, snapshots) from its Dropbox folder.") { name, withPassphrase };
        rebuild.SetAction(async (parse, token) =>
        {
            using var connection = context.Connect(parse);
            var passphrase = parse.GetValue(withPassphrase) ? context.ReadSecret("RGCTL_RECOVERY_PASSPHRASE", "Recovery passphrase: ") : string.Empty;
            using var call = connection.Admin.RebuildSet(new RebuildSetRequest { Set = parse.GetValue(name)!, RecoveryPassphrase = passphrase }, cancellationToken: token);
            var last = new RebuildProgress();
            while (await call.ResponseStream.MoveNext(token))
            {
                last = call.ResponseStream.Current;
                if (!last.Finished && !context.Json(parse))
                {
                    await context.Error.WriteLineAsync(last.Total > 0 ? $"  {last.Phase}: {last.Done} of {last.Total}" : $"  {last.Phase}: {last.Done} read");
                }
            }

            return await context.PrintAsync(
                parse,
                last,
                [
                    $"Rebuilt: {last.Packs} packs holding {last.Blobs} blobs, {last.Snapshots} snapshots; {last.Dropped} entries dropped (gone from Dropbox).",
                    .. last.Damaged.Select(d => $"  damaged, left out: {d}"),
                ]);
        });
        return rebuild;
    }

    /// <summary><c>rgctl set recycle NAME [--yes]</c>: empties the set after the set's name is typed again.</summary>
    private static Command Recycle(RgctlContext context)
    {
        var name = new Argument<string>("set") { Description = "The set's name or id." };
        var yes = new Option<bool>("--yes") { Description = "Do not ask (scripts): the set's name is taken as typed." };
        var recycle = new Command("recycle", "Empty a set: end its jobs, delete its packs, index files and snapshots on Dropbox and in the catalog.") { name, yes };
        recycle.SetAction(async (parse, token) =>
        {
            using var connection = context.Connect(parse);
            var set = await connection.Admin.GetSetAsync(new GetSetRequest { Set = parse.GetValue(name)! }, cancellationToken: token);
            var confirm = set.Name;
            if (!parse.GetValue(yes))
            {
                await context.Error.WriteLineAsync($"This deletes all {set.SnapshotCount} snapshots of {set.Name} and their data in {set.DropboxFolder}; it cannot be undone.");
                await context.Error.WriteAsync($"Type the set's name ({set.Name}) to go on: ");
                confirm = (await context.Console.In.ReadLineAsync(token))?.Trim() ?? string.Empty;
            }

            var answer = await connection.Admin.RecycleSetAsync(new RecycleSetRequest { Set = set.Id, Confirm = confirm }, cancellationToken: token);
            return await context.PrintAsync(parse, answer,
                $"Recycled {set.Name}: {answer.SnapshotsRemoved} snapshots and {answer.PacksRemoved} packs removed, {answer.JobsEnded} jobs ended. The next backup stores everything again.");
        });
        return recycle;
    }

    /// <summary><c>rgctl set verify NAME [--data PERCENT]</c>: exit 0 only when nothing was found wrong.</summary>
    private static Command Verify(RgctlContext context)
    {
        var name = new Argument<string>("set") { Description = "The set's name or id." };
        var data = new Option<int>("--data") { Description = "Percentage of packs to download and check, least recently verified first (default 10).", DefaultValueFactory = _ => 10 };
        var verify = new Command("verify", "Check a set: structure, storage against the catalog (no download), and a share of its data.") { name, data };
        verify.SetAction(async (parse, token) =>
        {
            using var connection = context.Connect(parse);
            using var call = connection.Admin.VerifySet(new VerifySetRequest { Set = parse.GetValue(name)!, DataSharePercent = parse.GetValue(data) }, cancellationToken: token);
            var last = new VerifyProgress();
            while (await call.ResponseStream.MoveNext(token))
            {
                last = call.ResponseStream.Current;
                if (!last.Finished && !context.Json(parse))
                {
                    await context.Error.WriteLineAsync(last.Total > 0 ? $"  {last.Phase}: {last.Done} of {last.Total}" : $"  {last.Phase}");
                }
            }

            var printed = await context.PrintAsync(
                parse,
                last,
                [
                    $"{(last.Problems.Count == 0 ? "Sound" : $"{last.Problems.Count} problems")}: {last.Snapshots} snapshots, {last.Packs} packs, {last.PacksRead} read ({Display.Bytes(last.BytesRead)}).",
                    .. last.Problems.Select(p => $"  {p.Area} {p.Code} {p.Object}: {p.Message}"),
                    .. last.JobId.Length > 0 ? [$"Recorded as job {last.JobId}."] : Array.Empty<string>(),
                ]);
            return last.Problems.Count == 0 ? printed : 1;
        });
        return verify;
    }

    /// <summary><c>rgctl set undelete NAME</c>: exit 0 only when everything missing came back.</summary>
    private static Command Undelete(RgctlContext context)
    {
        var name = new Argument<string>("set") { Description = "The set's name or id." };
        var undelete = new Command("undelete", "Bring back packs and snapshots deleted or replaced on Dropbox, from its file revisions.") { name };
        undelete.SetAction(async (parse, token) =>
        {
            using var connection = context.Connect(parse);
            var answer = await connection.Admin.UndeleteSetAsync(new UndeleteSetRequest { Set = parse.GetValue(name)! }, cancellationToken: token);
            var lost = answer.Items.Count(i => !i.Restored);
            var printed = await context.PrintAsync(
                parse,
                answer,
                [
                    answer.Items.Count == 0 ? "Nothing is missing." : $"{answer.Items.Count - lost} brought back, {lost} could not be.",
                    .. answer.Items.Select(i => $"  {(i.Restored ? "restored" : "LOST    ")} {i.Object}: {i.Detail}"),
                ]);
            return lost == 0 ? printed : 1;
        });
        return undelete;
    }

    /// <summary><c>rgctl set retention NAME --keep-… N</c>: no option keeps everything.</summary>
    private static Command Retention(RgctlContext context)
    {
        var name = new Argument<string>("set") { Description = "The set's name or id." };
        Option<int> Count(string rule, string what) => new($"--keep-{rule}") { Description = $"Keep {what}." };
        var last = Count("last", "the newest N snapshots");
        var hourly = Count("hourly", "the newest of each of the newest N hours");
        var daily = Count("daily", "the newest of each of the newest N days");
        var weekly = Count("weekly", "the newest of each of the newest N weeks");
        var monthly = Count("monthly", "the newest of each of the newest N months");
        var yearly = Count("yearly", "the newest of each of the newest N years");
        var withinDays = new Option<int>("--keep-within-days") { Description = "Keep every snapshot of the last N days." };
        var retention = new Command("retention", "Which snapshots grooming keeps, per agent and paths (no option: all).")
        {
            name, last, hourly, daily, weekly, monthly, yearly, withinDays,
        };
        retention.SetAction(async (parse, token) =>
        {
            using var connection = context.Connect(parse);
            var policy = new RetentionPolicy
            {
                KeepLast = parse.GetValue(last),
                KeepHourly = parse.GetValue(hourly),
                KeepDaily = parse.GetValue(daily),
                KeepWeekly = parse.GetValue(weekly),
                KeepMonthly = parse.GetValue(monthly),
                KeepYearly = parse.GetValue(yearly),
                KeepWithinSeconds = parse.GetValue(withinDays) * 86_400L,
            };
            var answer = await connection.Admin.SetRetentionAsync(new SetRetentionRequest { Set = parse.GetValue(name)!, Policy = policy }, cancellationToken: token);
            return await context.PrintAsync(parse, answer, $"Set {answer.Name} keeps: {RetentionText(answer.Retention)}.");
        });
        return retention;
    }

    /// <summary><c>rgctl set groom NAME [--dry-run] [--prune [--repack-below PERCENT]]</c>.</summary>
    private static Command Groom(RgctlContext context)
    {
        var name = new Argument<string>("set") { Description = "The set's name or id." };
        var dryRun = new Option<bool>("--dry-run") { Description = "Only list what would go." };
        var prune = new Option<bool>("--prune")
        {
            Description = "Then delete the packs no snapshot uses and repack sparse ones (backups keep running; deletion waits for the jobs running now).",
        };
        var repackBelow = new Option<int>("--repack-below")
        {
            Description = "With --prune: repack packs used less than PERCENT (default 50; 0 repacks none).",
            DefaultValueFactory = _ => 50,
        };
        repackBelow.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() is < 0 or > 100)
            {
                result.AddError("--repack-below takes a percentage from 0 to 100.");
            }
        });
        var groom = new Command("groom", "Forget the snapshots the set's retention policy does not keep (and prune).") { name, dryRun, prune, repackBelow };
        groom.SetAction(async (parse, token) =>
        {
            using var connection = context.Connect(parse);
            var percent = parse.GetValue(repackBelow);
            var request = new GroomSetRequest { Set = parse.GetValue(name)!, DryRun = parse.GetValue(dryRun), Prune = parse.GetValue(prune), RepackBelowPercent = percent == 0 ? -1 : percent };
            var answer = await connection.Admin.GroomSetAsync(request, cancellationToken: token);
            var going = answer.Snapshots.Count(s => !s.Kept);
            var would = request.DryRun ? "would be" : "were";
            return await context.PrintAsync(
                parse,
                answer,
                [
                    .. answer.Snapshots.Select(s => $"  {(s.Kept ? "keep  " : "forget")} {s.Name[..Math.Min(12, s.Name.Length)]}  {Display.Time(s.Time)}  {s.AgentId}  {s.Reason}"),
                    request.DryRun ? $"{going} of {answer.Snapshots.Count} snapshots would be forgotten." : $"{answer.Forgotten} of {answer.Snapshots.Count} snapshots forgotten.",
                    .. request.Prune
                        ?
                        [
                            $"{answer.PacksDeleted} packs {would} deleted, {answer.PacksRepacked} of them repacked ({Display.Bytes(answer.BytesWritten)} of live blobs copied into {(request.DryRun ? "new" : answer.PacksWritten.ToString(CultureInfo.InvariantCulture))} packs).",
                            $"{Display.Bytes(answer.BytesReclaimed)} {(request.DryRun ? "would be" : "was")} reclaimed; {answer.PacksPartlyUsed} partly used packs kept as they are.",
                        ]
                        : Array.Empty<string>(),
                ]);
        });
        return groom;
    }

    private static string RetentionText(RetentionPolicy? policy)
    {
        if (policy is null)
        {
            return "every snapshot";
        }

        var rules = new (int Count, string What)[]
        {
            (policy.KeepLast, "last"), (policy.KeepHourly, "hourly"), (policy.KeepDaily, "daily"),
            (policy.KeepWeekly, "weekly"), (policy.KeepMonthly, "monthly"), (policy.KeepYearly, "yearly"),
            ((int)(policy.KeepWithinSeconds / 86_400), "days within"),
        }.Where(r => r.Count > 0).Select(r => $"{r.Count} {r.What}").ToList();
        return rules.Count == 0 ? "every snapshot" : string.Join(", ", rules);
    }
}
