using System.Text.Json;
using Google.Protobuf;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using RetroGrid.Agent.Service;
using RetroGrid.Contracts.V1;
using RetroGrid.Rgctl;
using RetroGrid.Testing;

namespace RetroGrid.Controller.Tests;

/// <summary>rgctl against a running controller, as IT staff use it on the controller's machine (--data-dir).</summary>
public sealed class RgctlTests
{
    private static readonly JsonFormatter JsonOutput = new(JsonFormatter.Settings.Default.WithIndentation());

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task SetCreateListShow_AndEnrollToken_PrintWhatStaffNeed()
    {
        await using var env = await Env.StartAsync(redirect: false);

        var created = await RunAsync(env.Controller, Env.Passphrase + "\n", "set", "create", "laptops");
        var listed = await RunAsync(env.Controller, "", "set", "list");
        var token = await RunAsync(env.Controller, "", "agent", "enroll-token", "--expires-hours", "2");
        var json = await RunAsync(env.Controller, "", "set", "list", "--json");

        Assert.Equal(0, created.ExitCode);
        Assert.Contains("Set laptops", created.Out, StringComparison.Ordinal);
        Assert.Contains("laptops", listed.Out, StringComparison.Ordinal);
        Assert.Contains("not linked", listed.Out, StringComparison.Ordinal);
        Assert.Matches("retrogrid-agent enroll --controller https://127\\.0\\.0\\.1:\\d+/ --token rg-enroll-[0-9a-f]{64} --ca-sha256 [0-9a-f]{64}", token.Out);
        using var document = JsonDocument.Parse(json.Out);
        Assert.Equal("laptops", document.RootElement.GetProperty("sets")[0].GetProperty("name").GetString());
    }

    [Fact]
    public async Task UnknownSet_ExitsOneWithCodeAndNextStep()
    {
        await using var env = await Env.StartAsync(redirect: false);

        var result = await RunAsync(env.Controller, "", "set", "show", "nope");

        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith("RG3023: ", result.Error, StringComparison.Ordinal);
        Assert.Contains("Next step: List the sets with `rgctl set list`.", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Backup_FollowsTheJobToItsEnd_ExitZero()
    {
        await using var env = await Env.StartAsync(redirect: false);
        using var directory = new TempDirectory();
        var source = Directory.CreateDirectory(Path.Join(directory.Path, "home")).FullName;
        await File.WriteAllTextAsync(Path.Join(source, "note.txt"), "rgctl backup", Ct);
        await env.CreateLinkedSetAsync("laptops");
        var state = new AgentStateDirectory(Path.Join(directory.Path, "agent"));
        var enrollment = await env.Controller.Admin().CreateEnrollmentTokenAsync(new CreateEnrollmentTokenRequest(), cancellationToken: Ct);
        var agent = await AgentEnrollment.EnrollAsync(state, env.Controller.Host.BaseAddress, enrollment.Token, enrollment.CaSha256, "1.0.0", Ct);
        Assert.Equal(0, (await RunAsync(env.Controller, "", "set", "assign", "laptops", agent.AgentId, source)).ExitCode);
        using var session = new ControllerSession(state, "1.0.0", TimeProvider.System, NullLogger.Instance);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        var running = session.RunAsync(stop.Token);

        var backup = await RunAsync(env.Controller, "", "backup", "laptops", agent.AgentId);
        var show = await RunAsync(env.Controller, "", "set", "show", "laptops");
        var snapshots = await RunAsync(env.Controller, "", "snapshots", "laptops");
        var ls = await RunAsync(env.Controller, "", "ls", "laptops", "latest", "home");
        var status = await RunAsync(env.Controller, "", "status");

        Assert.True(backup.ExitCode == 0, backup.Out + backup.Error);
        Assert.Contains("succeeded", backup.Out, StringComparison.Ordinal);
        Assert.Matches($"(?m)^Backup \\S+ succeeded in \\d+:\\d\\d: snapshot [0-9a-f]{{12}}; 1 files, 12 B scanned, ", backup.Out);
        Assert.Contains($"Agent {agent.AgentId}: {source}", show.Out, StringComparison.Ordinal);
        Assert.Contains(source, snapshots.Out, StringComparison.Ordinal);
        Assert.Matches("^- +12 .* note\\.txt", ls.Out);
        Assert.Contains("Agents: 1 of 1 online, 0 overdue", status.Out, StringComparison.Ordinal);
        var agents = await RunAsync(env.Controller, "", "agent", "list");
        Assert.DoesNotContain("never", agents.Out, StringComparison.Ordinal);
        var scheduled = await RunAsync(env.Controller, "", "set", "schedule", "laptops", "--cron", "0 2 * * *");
        Assert.Contains("cron \"0 2 * * *\" (UTC)", scheduled.Out, StringComparison.Ordinal);
        var proactive = await RunAsync(env.Controller, "", "set", "schedule", "laptops", "--proactive-every-hours", "24", "--window", "20:00-06:00", "--max-concurrent", "3");
        Assert.Contains("proactive, each agent every 24 hours between 20:00 and 06:00 UTC, 3 at once", proactive.Out, StringComparison.Ordinal);
        Assert.Matches("Stored: [1-9][0-9]* packs, ", show.Out);
        var rebuild = await RunAsync(env.Controller, "", "set", "rebuild", "laptops");
        Assert.True(rebuild.ExitCode == 0, rebuild.Out + rebuild.Error);
        Assert.Matches("^Rebuilt: [1-9][0-9]* packs holding [1-9][0-9]* blobs, 1 snapshots; 0 entries dropped", rebuild.Out);
        var retention = await RunAsync(env.Controller, "", "set", "retention", "laptops", "--keep-last", "5", "--keep-daily", "7");
        var groom = await RunAsync(env.Controller, "", "set", "groom", "laptops", "--dry-run");
        Assert.Contains("Set laptops keeps: 5 last, 7 daily.", retention.Out, StringComparison.Ordinal);
        Assert.Contains("0 of 1 snapshots would be forgotten.", groom.Out, StringComparison.Ordinal);
        var verified = await RunAsync(env.Controller, "", "set", "verify", "laptops", "--data", "100");
        Assert.True(verified.ExitCode == 0, verified.Out + verified.Error);
        Assert.Matches("^Sound: 1 snapshots, [1-9][0-9]* packs, [1-9][0-9]* read ", verified.Out);
        var refused = await RunAsync(env.Controller, "laptop\n", "set", "recycle", "laptops");
        var recycled = await RunAsync(env.Controller, "laptops\n", "set", "recycle", "laptops");
        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("RG3040", refused.Error, StringComparison.Ordinal);
        Assert.True(recycled.ExitCode == 0, recycled.Out + recycled.Error);
        Assert.Matches("^Recycled laptops: 1 snapshots and [1-9][0-9]* packs removed, 0 jobs ended", recycled.Out);
        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => running.DefaultTimeout());
    }

    [Fact]
    public async Task Lists_AtATerminal_AlignedTablesWithEveryRowAndColumn()
    {
        await using var controller = await ControllerFixture.StartAsync(Ct);
        var admin = controller.Admin();
        await admin.CreateSetAsync(new CreateSetRequest { Name = "laptops", RecoveryPassphrase = Env.Passphrase }, cancellationToken: Ct);
        await admin.CreateSetAsync(new CreateSetRequest { Name = "design-studio", DropboxFolder = "/Clients/Design Studio/Workstations", RecoveryPassphrase = Env.Passphrase }, cancellationToken: Ct);
        using var first = await ScriptedAgent.EnrollAsync(controller, Ct);
        using var second = await ScriptedAgent.EnrollAsync(controller, Ct);
        foreach (var agent in new[] { first, second })
        {
            await admin.AssignAgentAsync(new AssignAgentRequest { Set = "laptops", Assignment = new Assignment { AgentId = agent.Id, Paths = { "/home" } } }, cancellationToken: Ct);
            await admin.StartBackupAsync(new StartBackupRequest { Set = "laptops", AgentId = agent.Id }, cancellationToken: Ct);
        }

        var sets = await RunAsync(controller, Terminal(width: 200), "set", "list");
        var agents = await RunAsync(controller, Terminal(width: 200), "agent", "list");
        var jobs = await RunAsync(controller, Terminal(width: 200), "jobs");
        var status = await RunAsync(controller, Terminal(width: 200), "status");

        AssertTable(
            sets.Out,
            ["SET", "ID", "LINK", "FOLDER"],
            (await admin.ListSetsAsync(new ListSetsRequest(), cancellationToken: Ct)).Sets.Select(s => new[] { s.Name, s.Id, "not linked", s.DropboxFolder }));
        AssertTable(
            agents.Out,
            ["AGENT", "HOST", "STATE", "VERSION", "LAST SEEN", "LAST GOOD BACKUP"],
            (await admin.ListAgentsAsync(new ListAgentsRequest(), cancellationToken: Ct)).Agents.Select(a => new[] { a.Id, "ws-7", "offline", "1.0.0", Display.Time(a.LastSeen), "never" }));
        AssertTable(
            jobs.Out,
            ["JOB", "KIND", "STATE", "AGENT", "RESULT"],
            (await admin.ListJobsAsync(new ListJobsRequest(), cancellationToken: Ct)).Jobs.Select(j => new[] { j.Id, "backup", "queued", j.AgentId, string.Empty }));
        AssertTable(
            status.Out,
            ["AREA", "STATUS"],
            [["Agents", "0 of 2 online, 0 overdue"], ["Sets", "2"], ["Jobs", "0 running, 2 queued"], ["Controller", string.Empty]]);
    }

    [Fact]
    public async Task Lists_NarrowTerminal_FitTheWidthCuttingOnlyFreeText()
    {
        await using var controller = await ControllerFixture.StartAsync(Ct);
        var set = await controller.Admin().CreateSetAsync(
            new CreateSetRequest { Name = "design-studio", DropboxFolder = "/Clients/Design Studio/Workstations/Second Floor", RecoveryPassphrase = Env.Passphrase },
            cancellationToken: Ct);

        var narrow = await RunAsync(controller, Terminal(width: 72), "set", "list");
        var piped = await RunAsync(controller, "", "set", "list");

        var lines = narrow.Out.TrimEnd('\n').Split('\n');
        Assert.All(lines, line => Assert.True(line.Length <= 71, $"{line.Length} columns: {line}"));
        Assert.Contains(set.Id, lines[1], StringComparison.Ordinal);
        Assert.EndsWith("…", lines[1], StringComparison.Ordinal);
        Assert.Contains("/Clients/Design Studio/Workstations/Second Floor", piped.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Lists_InAPipe_PlainAsBefore_AndJsonUnchangedAtATerminal()
    {
        await using var controller = await ControllerFixture.StartAsync(Ct);
        var admin = controller.Admin();
        await admin.CreateSetAsync(new CreateSetRequest { Name = "laptops", RecoveryPassphrase = Env.Passphrase }, cancellationToken: Ct);

        var piped = await RunAsync(controller, "", "status");
        var terminalJson = await RunAsync(controller, Terminal(width: 100), "set", "list", "--json");
        var pipedJson = await RunAsync(controller, "", "set", "list", "--json");
        var statusJson = await RunAsync(controller, Terminal(width: 100), "status", "--json");

        Assert.Matches("^Agents: 0 of 0 online, 0 overdue\nSets: 1\nJobs: 0 running, 0 queued\nController \\S+\n$", piped.Out);
        var expected = JsonOutput.Format(await admin.ListSetsAsync(new ListSetsRequest(), cancellationToken: Ct)) + "\n";
        Assert.Equal(expected, terminalJson.Out);
        Assert.Equal(expected, pipedJson.Out);
        Assert.Equal(JsonOutput.Format(await admin.GetStatusAsync(new GetStatusRequest(), cancellationToken: Ct)) + "\n", statusJson.Out);
    }

    [Fact]
    public async Task Backup_AtATerminal_RedrawsProgressInPlaceThenSummary()
    {
        await using var controller = await ControllerFixture.StartAsync(Ct);
        using var agent = await AssignedAgentAsync(controller);
        await agent.ConnectAsync(Ct);
        var clock = new FakeTimeProvider(controller.Time.GetUtcNow());
        var console = Terminal(width: 120, clock);

        var backup = RunAsync(controller, console, "backup", "laptops", agent.Id);
        var jobId = (await agent.NextAsync(Ct)).StartJob.JobId;
        await Output(console).WaitForAsync("backup running");
        clock.Advance(TimeSpan.FromSeconds(2));
        await agent.SendAsync(Progress(jobId, filesDone: 5, uploaded: 2048, etaSeconds: 5), Ct);
        await Output(console).WaitForAsync("5/10 files");
        controller.Time.Advance(TimeSpan.FromSeconds(65));
        await agent.SendAsync(Succeeded(jobId), Ct);
        var result = await backup;

        Assert.True(result.ExitCode == 0, result.Out + result.Error);
        var lines = result.Out.Split('\n');
        Assert.Equal(3, lines.Length);
        var frames = lines[0].Split('\r', StringSplitOptions.RemoveEmptyEntries);
        Assert.All(frames, frame => Assert.True(frame.Length <= 119, $"{frame.Length} columns: {frame}"));
        var progressed = Assert.Single(frames, f => f.Contains("5/10 files", StringComparison.Ordinal));
        Assert.StartsWith("backup running ", progressed, StringComparison.Ordinal);
        Assert.Contains(" 50% ETA 0:05, 1.0 KiB/s, 5/10 files, 2.0 KiB up, 3.0 KiB new, 4.0 KiB scanned", progressed, StringComparison.Ordinal);
        Assert.StartsWith("backup succeeded ", frames[^1].TrimEnd(), StringComparison.Ordinal);
        Assert.Contains("100% 10/10 files", frames[^1], StringComparison.Ordinal);
        Assert.Equal($"Backup {jobId} succeeded in 1:05: snapshot 0a1b2c3d4e5f; 10 files, 4.0 KiB scanned, 3.0 KiB new, 2.0 KiB uploaded (31 B/s).", lines[1]);
        Assert.Equal(string.Empty, lines[2]);
        Assert.Empty(result.Error);
    }

    [Fact]
    public async Task Backup_Json_AtATerminal_OnlyTheFinalJobAsBefore()
    {
        await using var controller = await ControllerFixture.StartAsync(Ct);
        using var agent = await AssignedAgentAsync(controller);
        await agent.ConnectAsync(Ct);

        var backup = RunAsync(controller, Terminal(width: 120), "backup", "laptops", agent.Id, "--json");
        var jobId = (await agent.NextAsync(Ct)).StartJob.JobId;
        await agent.SendAsync(Succeeded(jobId), Ct);
        var result = await backup;

        Assert.Equal(0, result.ExitCode);
        var job = Assert.Single((await controller.Admin().ListJobsAsync(new ListJobsRequest(), cancellationToken: Ct)).Jobs);
        Assert.Equal(JsonOutput.Format(job) + "\n", result.Out);
    }

    [Fact]
    public async Task Backup_InAPipe_OneLinePerStateChangeThenSummary()
    {
        await using var controller = await ControllerFixture.StartAsync(Ct);
        using var agent = await AssignedAgentAsync(controller);
        await agent.ConnectAsync(Ct);
        var console = Pipe();

        var backup = RunAsync(controller, console, "backup", "laptops", agent.Id);
        var jobId = (await agent.NextAsync(Ct)).StartJob.JobId;
        using var watch = controller.Admin().WatchJob(new WatchJobRequest { JobId = jobId }, cancellationToken: Ct);
        await Output(console).WaitForAsync(" running ");
        for (var files = 1; files <= 3; files++)
        {
            await agent.SendAsync(Progress(jobId, filesDone: files, uploaded: files * 100, etaSeconds: 3), Ct);
            // The controller has published this update (to rgctl's watch as to ours) before the next is sent.
            while (await watch.ResponseStream.MoveNext(Ct).DefaultTimeout() && watch.ResponseStream.Current.Statistics?.FilesDone != files)
            {
            }
        }

        await agent.SendAsync(Succeeded(jobId), Ct);
        var result = await backup;

        Assert.Equal(0, result.ExitCode);
        var lines = result.Out.TrimEnd('\n').Split('\n');
        Assert.DoesNotContain('\r', result.Out);
        var states = lines[..^1].Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]).ToList();
        Assert.Equal(states.Distinct(), states);
        Assert.Equal(["running", "succeeded"], states.Where(s => s != "queued"));
        Assert.Equal($"{jobId} succeeded  10 files snapshot 0a1b2c3d4e5f", lines[^2]);
        Assert.Equal($"Backup {jobId} succeeded in 0:00: snapshot 0a1b2c3d4e5f; 10 files, 4.0 KiB scanned, 3.0 KiB new, 2.0 KiB uploaded.", lines[^1]);
    }

    [Fact]
    public async Task Backup_CtrlC_StopsFollowingButNotTheJob()
    {
        await using var controller = await ControllerFixture.StartAsync(Ct);
        using var agent = await AssignedAgentAsync(controller);
        await agent.ConnectAsync(Ct);
        var console = Terminal(width: 100);
        using var ctrlC = CancellationTokenSource.CreateLinkedTokenSource(Ct);

        var backup = RunAsync(controller, console, ctrlC.Token, "backup", "laptops", agent.Id);
        var jobId = (await agent.NextAsync(Ct)).StartJob.JobId;
        await Output(console).WaitForAsync("backup running");
        await ctrlC.CancelAsync();
        var result = await backup;

        Assert.Equal(130, result.ExitCode);
        Assert.EndsWith("\n", result.Out, StringComparison.Ordinal);
        Assert.Equal($"Stopped following job {jobId}; it goes on (running). See it with `rgctl jobs`, or cancel it: rgctl cancel {jobId}\n", result.Error);
        // Had rgctl cancelled the job, the controller would have sent CancelJob before acknowledging this outcome.
        await agent.SendAsync(Succeeded(jobId), Ct);
        Assert.Equal(ControllerMessage.KindOneofCase.OutcomeAcknowledged, (await agent.NextAsync(Ct)).KindCase);
        Assert.Equal(JobState.Succeeded, Assert.Single((await controller.Admin().ListJobsAsync(new ListJobsRequest(), cancellationToken: Ct)).Jobs).State);
    }

    [Fact]
    public async Task Backup_JobFails_CodeAndNextStepOnStderr_ExitOne()
    {
        await using var controller = await ControllerFixture.StartAsync(Ct);
        using var agent = await AssignedAgentAsync(controller);
        await agent.ConnectAsync(Ct);

        var backup = RunAsync(controller, Terminal(width: 120), "backup", "laptops", agent.Id);
        var jobId = (await agent.NextAsync(Ct)).StartJob.JobId;
        await agent.SendAsync(
            new AgentMessage
            {
                Outcome = new JobOutcome
                {
                    JobId = jobId,
                    State = JobState.Failed,
                    Statistics = new JobStatistics { FilesScanned = 10, FilesDone = 4 },
                    Error = new ErrorInfo { Code = "RG2140", Message = "The disk holding /home/ada went away.", NextStep = "Reconnect the disk and run the backup again." },
                },
            },
            Ct);
        var result = await backup;

        Assert.Equal(1, result.ExitCode);
        Assert.EndsWith($"\nBackup {jobId} failed after 0:00: 10 files, 0 B scanned, 0 B new, 0 B uploaded.\n", result.Out, StringComparison.Ordinal);
        Assert.Equal("RG2140: The disk holding /home/ada went away.\nNext step: Reconnect the disk and run the backup again.\n", result.Error);
    }

    [Fact]
    public async Task SetLink_OpensTheBrowserAtThePrintedAddress_AndLinks()
    {
        await using var env = await Env.StartAsync(redirect: false);
        await env.Controller.Admin().CreateSetAsync(new CreateSetRequest { Name = "laptops", RecoveryPassphrase = Env.Passphrase }, cancellationToken: Ct);
        var stdout = new RgctlOutput();
        using var user = new RgctlDropboxUser(env.Dropbox, stdout);

        var result = await RunAsync(env.Controller, Terminal(width: 100, stdout: stdout, user: user), "set", "link", "laptops");

        Assert.True(result.ExitCode == 0, result.Out + result.Error);
        Assert.Equal([RgctlDropboxUser.PrintedUrl(result.Out)], user.Opened);
        Assert.Contains("(Opened in your browser.", result.Out, StringComparison.Ordinal);
        Assert.Contains("Set laptops is linked to Dropbox", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SetLink_NoBrowser_OnlyPrintsTheAddress()
    {
        await using var env = await Env.StartAsync(redirect: false);
        await env.Controller.Admin().CreateSetAsync(new CreateSetRequest { Name = "laptops", RecoveryPassphrase = Env.Passphrase }, cancellationToken: Ct);
        var stdout = new RgctlOutput();
        using var user = new RgctlDropboxUser(env.Dropbox, stdout);

        var result = await RunAsync(env.Controller, Terminal(width: 100, stdout: stdout, user: user), "set", "link", "laptops", "--no-browser");

        Assert.True(result.ExitCode == 0, result.Out + result.Error);
        Assert.Empty(user.Opened);
        Assert.StartsWith("http", RgctlDropboxUser.PrintedUrl(result.Out), StringComparison.Ordinal);
        Assert.DoesNotContain("Opened in your browser", result.Out, StringComparison.Ordinal);
        Assert.Contains("Set laptops is linked to Dropbox", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SetLink_BrowserDoesNotStart_PrintsTheAddressAndCarriesOn()
    {
        await using var env = await Env.StartAsync(redirect: false);
        await env.Controller.Admin().CreateSetAsync(new CreateSetRequest { Name = "laptops", RecoveryPassphrase = Env.Passphrase }, cancellationToken: Ct);
        var stdout = new RgctlOutput();
        using var user = new RgctlDropboxUser(env.Dropbox, stdout, browserStarts: false);

        var result = await RunAsync(env.Controller, Pipe(stdout: stdout, user: user), "set", "link", "laptops");

        Assert.True(result.ExitCode == 0, result.Out + result.Error);
        Assert.Equal([RgctlDropboxUser.PrintedUrl(result.Out)], user.Opened);
        Assert.DoesNotContain("Opened in your browser", result.Out, StringComparison.Ordinal);
        Assert.Equal("Code shown by Dropbox: ", result.Error);
        Assert.Contains("Set laptops is linked to Dropbox", result.Out, StringComparison.Ordinal);
    }

    /// <summary>A scripted agent assigned to the unlinked set "laptops" (a job needs no link until the agent asks for a token).</summary>
    private static async Task<ScriptedAgent> AssignedAgentAsync(ControllerFixture controller)
    {
        var admin = controller.Admin();
        await admin.CreateSetAsync(new CreateSetRequest { Name = "laptops", RecoveryPassphrase = Env.Passphrase }, cancellationToken: Ct);
        var agent = await ScriptedAgent.EnrollAsync(controller, Ct);
        await admin.AssignAgentAsync(new AssignAgentRequest { Set = "laptops", Assignment = new Assignment { AgentId = agent.Id, Paths = { "/home/ada" } } }, cancellationToken: Ct);
        return agent;
    }

    private static AgentMessage Progress(string jobId, int filesDone, long uploaded, double etaSeconds) => new()
    {
        Progress = new JobProgress
        {
            JobId = jobId,
            EtaSeconds = etaSeconds,
            Statistics = new JobStatistics { FilesScanned = 10, FilesDone = filesDone, BytesScanned = 4096, BytesNew = 3072, BytesUploaded = uploaded },
        },
    };

    private static AgentMessage Succeeded(string jobId) => new()
    {
        Outcome = new JobOutcome
        {
            JobId = jobId,
            State = JobState.Succeeded,
            SnapshotName = "0a1b2c3d4e5f60718293",
            Statistics = new JobStatistics { FilesScanned = 10, FilesDone = 10, BytesScanned = 4096, BytesNew = 3072, BytesUploaded = 2048 },
        },
    };

    /// <summary>
    /// Checks a table: the headers in order, one line per expected row (and no other), each cell starting exactly under
    /// its header. A cell may be a prefix of what is shown (empty: anything).
    /// </summary>
    private static void AssertTable(string output, string[] headers, IEnumerable<string[]> rows)
    {
        var lines = output.TrimEnd('\n').Split('\n');
        var offsets = headers.Select(h => lines[0].IndexOf(h, StringComparison.Ordinal)).ToArray();
        Assert.True(offsets[0] == 0 && offsets.Zip(offsets.Skip(1)).All(p => p.First < p.Second), $"headers {string.Join(", ", headers)} in order:\n{output}");
        var expected = rows.ToList();
        Assert.Equal(expected.Count, lines.Length - 1);
        foreach (var row in expected)
        {
            Assert.Single(lines[1..], line => row.Select((cell, i) => CellAt(line, offsets[i]).StartsWith(cell, StringComparison.Ordinal)
                && (i == 0 || CellAt(line, offsets[i] - 1).StartsWith(' ') || cell.Length == 0)).All(ok => ok));
        }
    }

    private static RgctlConsole Terminal(int width, TimeProvider? clock = null, RgctlOutput? stdout = null, RgctlDropboxUser? user = null) => new()
    {
        Out = stdout ?? new RgctlOutput(),
        Error = new RgctlOutput(),
        In = (TextReader?)user ?? new StringReader(string.Empty),
        IsTerminal = true,
        Width = () => width,
        TimeProvider = clock ?? TimeProvider.System,
        Browser = (IBrowserLauncher?)user ?? RgctlConsole.NoBrowser,
    };

    private static RgctlConsole Pipe(RgctlOutput? stdout = null, RgctlDropboxUser? user = null) => new()
    {
        Out = stdout ?? new RgctlOutput(),
        Error = new RgctlOutput(),
        In = (TextReader?)user ?? new StringReader(string.Empty),
        Browser = (IBrowserLauncher?)user ?? RgctlConsole.NoBrowser,
    };

    private static string CellAt(string line, int offset) => offset < line.Length ? line[offset..] : string.Empty;

    private static RgctlOutput Output(RgctlConsole console) => (RgctlOutput)console.Out;

    private static Task<(int ExitCode, string Out, string Error)> RunAsync(ControllerFixture controller, string input, params string[] args) =>
        RunAsync(controller, new RgctlConsole { Out = new RgctlOutput(), Error = new RgctlOutput(), In = new StringReader(input) }, args);

    private static Task<(int ExitCode, string Out, string Error)> RunAsync(ControllerFixture controller, RgctlConsole console, params string[] args) =>
        RunAsync(controller, console, Ct, args);

    private static async Task<(int ExitCode, string Out, string Error)> RunAsync(ControllerFixture controller, RgctlConsole console, CancellationToken ctrlC, params string[] args)
    {
        string[] all = ["--data-dir", controller.Paths.Root, "--controller", controller.Host.BaseAddress.ToString(), .. args];
        var exitCode = await RgctlApplication.RunAsync(all, console, ctrlC).DefaultTimeout($"rgctl {string.Join(' ', args)}");
        return (exitCode, console.Out.ToString()!, console.Error.ToString()!);
    }
}
