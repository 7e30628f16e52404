using System.Xml.Linq;
using RetroGrid.Agent.Cli;
using RetroGrid.Agent.Cli.Tests;
using RetroGrid.Testing;

namespace RetroGrid.Agent.Service.Tests;

/// <summary>
/// The agent's service definitions in deploy/: each names the installed program and its `run` command, and the
/// command line each gives is parsed and run by the real CLI (in-process, against a state directory with no agent, so
/// it stops at RG3101 before any host starts). Running them under systemd is RetroGrid.Controller.Tests'
/// AgentServiceManagerTests.
/// </summary>
public sealed class DeployFilesTests : IDisposable
{
    private static readonly string Deploy = Path.Join(AppContext.BaseDirectory, "deploy");
    private static readonly string ProgramName = typeof(AgentHost).Assembly.GetName().Name!;
    private readonly TempDirectory _temp = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static string SystemdUnitPath => Path.Join(Deploy, "systemd", "retrogrid-agent.service");

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void SystemdUnit_RunsTheInstalledAgentAsANotifyServiceThatCanReadEverything()
    {
        var unit = SystemdUnit.Load(SystemdUnitPath);
        var command = unit.ExecStart;

        Assert.Equal(["Unit", "Service", "Install"], unit.Sections);
        Assert.Equal("notify", unit["Service", "Type"]);
        Assert.Equal(["/opt/retrogrid/agent/" + ProgramName, "run", "--state-dir", "/var/lib/" + unit["Service", "StateDirectory"]], command);
        Assert.Equal(("retrogrid-agent", "0700"), (unit["Service", "User"], unit["Service", "StateDirectoryMode"]));
        Assert.Equal(
            ("yes", "strict", "yes", "on-failure"),
            (unit["Service", "NoNewPrivileges"], unit["Service", "ProtectSystem"], unit["Service", "PrivateTmp"], unit["Service", "Restart"]));

        // Backups read every file: the one capability that allows it, and nothing hiding home directories.
        Assert.Equal(("CAP_DAC_READ_SEARCH", "CAP_DAC_READ_SEARCH"), (unit["Service", "AmbientCapabilities"], unit["Service", "CapabilityBoundingSet"]));
        Assert.Null(unit["Service", "ProtectHome"]);

        // systemd must not kill an agent that is still stopping within its own shutdown timeout.
        Assert.True(SystemdUnit.ParseTimeSpan(unit["Service", "TimeoutStopSec"]!) > AgentHost.ShutdownTimeout);
        Assert.True(AgentHost.SessionStopTimeout < AgentHost.ShutdownTimeout);
        Assert.Equal("multi-user.target", unit["Install", "WantedBy"]);
    }

    [Fact]
    public async Task SystemdUnit_ItsCommandLine_IsTheRunCommand()
    {
        var arguments = SystemdUnit.Load(SystemdUnitPath).ExecStartArguments(new Dictionary<string, string> { ["--state-dir"] = _temp.Path });

        await AssertRunsTheRunCommandAsync(arguments);
    }

    [Fact]
    public async Task SystemdUnit_SystemdAnalyzeVerify_FindsNothingToSay()
    {
        var report = await SystemdUnit.VerifyAsync(SystemdUnitPath, Ct);

        Assert.SkipWhen(report is null, "systemd-analyze is not installed here.");
        Assert.Equal(string.Empty, report);
    }

    [Fact]
    public async Task LaunchdPlist_RunsTheInstalledAgentAndRestartsItOnlyAfterAFailure()
    {
        var plist = XDocument.Load(Path.Join(Deploy, "macos", "com.retrogrid.agent.plist")).Root!.Element("dict")!;
        string[] arguments = [.. Value(plist, "ProgramArguments").Elements("string").Select(e => e.Value)];

        Assert.Equal("com.retrogrid.agent", Value(plist, "Label").Value);
        Assert.Equal("/opt/retrogrid/agent/" + ProgramName, arguments[0]);
        Assert.Equal("true", Value(plist, "RunAtLoad").Name.LocalName);
        Assert.Equal("false", Value(Value(plist, "KeepAlive"), "SuccessfulExit").Name.LocalName);

        // launchd sends SIGTERM, then waits this long before SIGKILL.
        Assert.True(TimeSpan.FromSeconds(int.Parse(Value(plist, "ExitTimeOut").Value, System.Globalization.CultureInfo.InvariantCulture)) > AgentHost.ShutdownTimeout);
        arguments[Array.IndexOf(arguments, "--state-dir") + 1] = _temp.Path;
        await AssertRunsTheRunCommandAsync(arguments[1..]);
    }

    [Fact]
    public void WindowsInstaller_RegistersTheRunCommandWithRecoveryAndCanUninstall()
    {
        var script = File.ReadAllText(Path.Join(Deploy, "windows", "install-agent.ps1"));

        // A text check only: PowerShell is not on this machine (the script was parsed with pwsh when written).
        Assert.Contains($"Join-Path $InstallDir '{ProgramName}.exe'", script, StringComparison.Ordinal);
        Assert.Contains("$binaryPath = \"`\"$exe`\" run --state-dir `\"$StateDir`\"\"", script, StringComparison.Ordinal);
        Assert.Contains("New-Service -Name $ServiceName -BinaryPathName $binaryPath", script, StringComparison.Ordinal);
        Assert.Contains("Invoke-Sc @('failure', $ServiceName", script, StringComparison.Ordinal);
        Assert.Contains("[switch] $Uninstall", script, StringComparison.Ordinal);
    }

    /// <summary>
    /// The arguments parse as `run` with its options (a usage error would exit 2) and reach the agent service, which
    /// refuses the empty state directory with RG3101 before it builds a host.
    /// </summary>
    private static async Task AssertRunsTheRunCommandAsync(string[] arguments)
    {
        Assert.Equal("run", arguments[0]);
        var run = await new AgentHarness().RunAsync(Ct, arguments);

        Assert.True(run.ExitCode == ExitCodes.Failed, run.ToString());
        Assert.StartsWith("retrogrid-agent: RG3101 NotEnrolled", run.Error, StringComparison.Ordinal);
    }

    /// <summary>The element after &lt;key&gt;name&lt;/key&gt; in a plist dict.</summary>
    private static XElement Value(XElement dict, string key) =>
        dict.Elements("key").Single(k => k.Value == key).ElementsAfterSelf().First();
}
