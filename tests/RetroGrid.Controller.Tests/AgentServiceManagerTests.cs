using RetroGrid.Agent.Service;
using RetroGrid.Contracts.V1;
using RetroGrid.Testing;

namespace RetroGrid.Controller.Tests;

/// <summary>
/// `retrogrid-agent run` as its own process, enrolled with a real controller: under systemd, started with the command
/// of deploy/systemd/retrogrid-agent.service, and as a console program stopped by SIGTERM or Ctrl+C.
/// </summary>
public sealed class AgentServiceManagerTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static string AgentDll => Path.Join(AppContext.BaseDirectory, "retrogrid-agent.dll");

    private static SystemdUnit Unit => SystemdUnit.Load(Path.Join(AppContext.BaseDirectory, "deploy", "systemd", "retrogrid-agent.service"));

    [Fact]
    public async Task Run_UnderSystemd_NotifiesReadyLogsForTheJournalAndExitsZeroOnSigterm()
    {
        Assert.SkipUnless(OperatingSystem.IsLinux(), "systemd runs on Linux only.");
        await using var controller = await ControllerFixture.StartAsync(Ct);
        using var directory = new TempDirectory();
        var (state, agentId) = await EnrollAsync(controller, directory);
        Assert.Equal(typeof(AgentHost).Assembly.GetName().Name, Path.GetFileName(Unit.ExecStart[0]));

        await using var systemd = SystemdStandIn.Start(
            directory.Path, ChildProcess.DotnetHost, [AgentDll, .. Unit.ExecStartArguments(new Dictionary<string, string> { ["--state-dir"] = state.Root })]);

        Assert.Equal("READY=1", await systemd.ReceiveNotificationAsync(Ct).DefaultTimeout());
        var connected = await systemd.Manager.WaitForErrorLineAsync(l => l.Contains("Connected to the controller", StringComparison.Ordinal), Ct).DefaultTimeout();

        // The journal's format: the syslog priority (6, info) that journald files the line under, category, event id.
        Assert.Equal($"<6>RetroGrid.Agent[1] Connected to the controller as {agentId}", connected);
        Assert.True(Assert.Single((await controller.Admin().ListAgentsAsync(new ListAgentsRequest(), cancellationToken: Ct)).Agents).Online);

        await systemd.StopAsync(Ct);

        Assert.Equal("STOPPING=1", await systemd.ReceiveNotificationAsync(Ct).DefaultTimeout());
        Assert.Equal(0, await systemd.Manager.WaitForExitAsync(Ct).DefaultTimeout());

        // It closed its stream before exiting, so the controller had already marked it offline.
        Assert.False(Assert.Single((await controller.Admin().ListAgentsAsync(new ListAgentsRequest(), cancellationToken: Ct)).Agents).Online);
    }

    [Fact]
    public async Task Run_UnderSystemdNotEnrolled_NeverReportsReadyAndExitsOneWithItsCode()
    {
        Assert.SkipUnless(OperatingSystem.IsLinux(), "systemd runs on Linux only.");
        using var directory = new TempDirectory();
        var empty = Directory.CreateDirectory(Path.Join(directory.Path, "agent")).FullName;

        await using var systemd = SystemdStandIn.Start(
            directory.Path, ChildProcess.DotnetHost, [AgentDll, .. Unit.ExecStartArguments(new Dictionary<string, string> { ["--state-dir"] = empty })]);

        Assert.Equal(1, await systemd.Manager.WaitForExitAsync(Ct).DefaultTimeout());
        Assert.Contains(systemd.Manager.ErrorLines, l => l.StartsWith("retrogrid-agent: RG3101 NotEnrolled", StringComparison.Ordinal));
        Assert.Equal(0, systemd.PendingNotificationBytes);
    }

    [Fact]
    public async Task Run_SigtermDuringABackupJob_JobEndsCancelledOnTheControllerAndTheAgentExitsZero()
    {
        Assert.SkipWhen(OperatingSystem.IsWindows(), "SIGTERM is POSIX.");
        await using var env = await Env.StartAsync(redirect: false);
        using var directory = new TempDirectory();
        var source = Directory.CreateDirectory(Path.Join(directory.Path, "source")).FullName;
        for (var i = 0; i < 20; i++)
        {
            File.WriteAllBytes(Path.Join(source, $"file{i}.bin"), new Random(i).GetItems<byte>([.. Enumerable.Range(0, 256).Select(b => (byte)b)], 200_000));
        }

        var setId = await env.CreateLinkedSetAsync("laptops");
        var (state, agentId) = await EnrollAsync(env.Controller, directory);
        var admin = env.Controller.Admin();
        await admin.AssignAgentAsync(new AssignAgentRequest { Set = setId, Assignment = new Assignment { AgentId = agentId, Paths = { source } } }, cancellationToken: Ct);
        await using var agent = ChildProcess.Start(ChildProcess.DotnetHost, [AgentDll, "run", "--state-dir", state.Root]);

        // Outside a service manager the console format is the one `run` always had.
        var connected = await agent.WaitForErrorLineAsync(l => l.Contains("Connected to the controller", StringComparison.Ordinal), Ct).DefaultTimeout();
        Assert.Equal($"info: RetroGrid.Agent[1] Connected to the controller as {agentId}", connected);

        // The agent's pack uploads hang in "Dropbox" for 10 s, so the job is still running when SIGTERM comes: it is sent
        // once the engine reports progress (every 250 ms), i.e. past the job's set-up and inside the backup itself. Not
        // longer: the emulator only notices the agent is gone when the delay ends, and its shutdown waits for that. Not
        // the commits: the controller makes those, and an agent's stop does not cut them short.
        await env.Emulator.DelayAsync("files/upload_session/start", 10_000, 100);
        var job = await admin.StartBackupAsync(new StartBackupRequest { Set = setId, AgentId = agentId }, cancellationToken: Ct);
        using var watch = admin.WatchJob(new WatchJobRequest { JobId = job.Id }, cancellationToken: Ct);
        while (await watch.ResponseStream.MoveNext(Ct).DefaultTimeout() && watch.ResponseStream.Current.Statistics?.FilesScanned is null or 0)
        {
        }

        Assert.Equal(JobState.Running, watch.ResponseStream.Current.State);
        await agent.SignalAsync("TERM", Ct);

        var last = watch.ResponseStream.Current;
        while (await watch.ResponseStream.MoveNext(Ct).DefaultTimeout())
        {
            last = watch.ResponseStream.Current;
        }

        Assert.Equal(0, await agent.WaitForExitAsync(Ct).DefaultTimeout());
        Assert.Equal(JobState.Cancelled, last.State);
        Assert.Contains(agent.ErrorLines, l => l.Contains($"Job {job.Id} ended Cancelled", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Run_CtrlC_StopsCleanlyWithNoOutputButItsOwnLogs()
    {
        Assert.SkipWhen(OperatingSystem.IsWindows(), "The test sends SIGINT, as a terminal does on Ctrl+C.");
        await using var controller = await ControllerFixture.StartAsync(Ct);
        using var directory = new TempDirectory();
        var (state, _) = await EnrollAsync(controller, directory);
        await using var agent = ChildProcess.Start(ChildProcess.DotnetHost, [AgentDll, "run", "--state-dir", state.Root]);
        await agent.WaitForErrorLineAsync(l => l.Contains("Connected to the controller", StringComparison.Ordinal), Ct).DefaultTimeout();

        await agent.SignalAsync("INT", Ct);

        Assert.Equal(0, await agent.WaitForExitAsync(Ct).DefaultTimeout());
        Assert.Null(await agent.ReadOutputLineAsync(Ct).DefaultTimeout());

        // No banner from the host ("Application started. Press Ctrl+C to shut down."): only the agent's own log lines.
        Assert.All(agent.ErrorLines, l => Assert.StartsWith("info: RetroGrid.Agent[", l, StringComparison.Ordinal));
    }

    private static async Task<(AgentStateDirectory State, string AgentId)> EnrollAsync(ControllerFixture controller, TempDirectory directory)
    {
        var state = new AgentStateDirectory(Path.Join(directory.Path, "agent"));
        var token = await controller.Admin().CreateEnrollmentTokenAsync(new CreateEnrollmentTokenRequest(), cancellationToken: Ct);
        var identity = await AgentEnrollment.EnrollAsync(state, controller.Host.BaseAddress, token.Token, token.CaSha256, "1.0.0", Ct);
        return (state, identity.AgentId);
    }
}
