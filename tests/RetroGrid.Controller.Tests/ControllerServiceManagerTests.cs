using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Hosting;
using RetroGrid.Contracts;
using RetroGrid.Controller.Hosting;
using RetroGrid.Testing;

namespace RetroGrid.Controller.Tests;

/// <summary>
/// deploy/systemd/retrogrid-controller.service: what it says, what systemd makes of it, and the command it names run
/// under systemd as its own process.
/// </summary>
public sealed class ControllerServiceManagerTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static string UnitPath => Path.Join(AppContext.BaseDirectory, "deploy", "systemd", "retrogrid-controller.service");

    [Fact]
    public void UnitFile_RunsTheInstalledControllerAsAHardenedNotifyService()
    {
        var unit = SystemdUnit.Load(UnitPath);
        var command = unit.ExecStart;

        Assert.Equal(["Unit", "Service", "Install"], unit.Sections);
        Assert.Equal("notify", unit["Service", "Type"]);
        Assert.Equal($"/opt/retrogrid/controller/{typeof(ControllerHost).Assembly.GetName().Name}", command[0]);
        Assert.Equal("run", command[1]);
        Assert.Equal($"/var/lib/{unit["Service", "StateDirectory"]}", command[command.ToList().IndexOf("--data-dir") + 1]);
        Assert.Equal("retrogrid", unit["Service", "User"]);
        Assert.Equal(
            ("yes", "strict", "yes", "yes", "on-failure"),
            (unit["Service", "NoNewPrivileges"], unit["Service", "ProtectSystem"], unit["Service", "ProtectHome"], unit["Service", "PrivateTmp"], unit["Service", "Restart"]));

        // systemd must not kill a controller that is still stopping within its host's own shutdown timeout.
        Assert.True(SystemdUnit.ParseTimeSpan(unit["Service", "TimeoutStopSec"]!) > new HostOptions().ShutdownTimeout);
        Assert.Equal("multi-user.target", unit["Install", "WantedBy"]);
    }

    [Fact]
    public async Task UnitFile_SystemdAnalyzeVerify_FindsNothingToSay()
    {
        var report = await SystemdUnit.VerifyAsync(UnitPath, Ct);

        Assert.SkipWhen(report is null, "systemd-analyze is not installed here.");
        Assert.Equal(string.Empty, report);
    }

    [Fact]
    public async Task Run_UnderSystemd_NotifiesReadyOnceServingLogsForTheJournalAndExitsZeroOnSigterm()
    {
        Assert.SkipUnless(OperatingSystem.IsLinux(), "systemd runs on Linux only.");
        using var directory = new TempDirectory();
        var paths = new ControllerPaths(Path.Join(directory.Path, "controller"));
        await ControllerInitializer.InitAsync(paths, [], TimeProvider.System, Ct);
        var arguments = SystemdUnit.Load(UnitPath).ExecStartArguments(new Dictionary<string, string>
        {
            ["--data-dir"] = paths.Root,
            ["--listen"] = "127.0.0.1",
            ["--port"] = "0",
        });

        await using var systemd = SystemdStandIn.Start(directory.Path, ChildProcess.DotnetHost, [Path.Join(AppContext.BaseDirectory, "retrogrid-controller.dll"), .. arguments]);

        Assert.Equal("READY=1", await systemd.ReceiveNotificationAsync(Ct).DefaultTimeout());
        var url = new Uri((await systemd.Manager.ReadOutputLineAsync(Ct).DefaultTimeout())!);
        Assert.Equal(await File.ReadAllTextAsync(paths.CaCertificate, Ct), await GetCaAsync(url, paths));
        var listening = await systemd.Manager.WaitForErrorLineAsync(l => l.Contains("Controller listening", StringComparison.Ordinal), Ct).DefaultTimeout();
        Assert.Equal($"<6>RetroGrid.Controller[1] Controller listening on {url} (data directory {paths.Root})", listening);

        await systemd.StopAsync(Ct);

        Assert.Equal("STOPPING=1", await systemd.ReceiveNotificationAsync(Ct).DefaultTimeout());
        Assert.Equal(0, await systemd.Manager.WaitForExitAsync(Ct).DefaultTimeout());
    }

    /// <summary>GET /ca.crt over HTTP/2 and TLS, trusting only the controller's CA: it serves.</summary>
    private static async Task<string> GetCaAsync(Uri controller, ControllerPaths paths)
    {
        using var ca = X509Certificate2.CreateFromPem(await File.ReadAllTextAsync(paths.CaCertificate, Ct));
        using var handler = new SocketsHttpHandler();
        handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, _) => certificate is X509Certificate2 server && ControllerTrust.IssuedBy(server, ca);
        using var http = new HttpClient(handler) { DefaultRequestVersion = System.Net.HttpVersion.Version20, DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact };
        return await http.GetStringAsync(new Uri(controller, "ca.crt"), Ct).DefaultTimeout();
    }
}
