using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using RetroGrid.Agent.Service;
using RetroGrid.Contracts.V1;
using RetroGrid.Rgctl;
using RetroGrid.Testing;

namespace RetroGrid.Controller.Tests;

/// <summary>rgctl against a running controller, as IT staff use it on the controller's machine (--data-dir).</summary>
public sealed class RgctlTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task SetCreateListShow_AndEnrollToken_PrintWhatStaffNeed()
    {
        await using var env = await Env.StartAsync(redirect: false);

        var created = await RunAsync(env, Env.Passphrase + "\n", "set", "create", "laptops");
        var listed = await RunAsync(env, "", "set", "list");
        var token = await RunAsync(env, "", "agent", "enroll-token", "--expires-hours", "2");
        var json = await RunAsync(env, "", "set", "list", "--json");

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

        var result = await RunAsync(env, "", "set", "show", "nope");

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
        Assert.Equal(0, (await RunAsync(env, "", "set", "assign", "laptops", agent.AgentId, source)).ExitCode);
        using var session = new ControllerSession(state, "1.0.0", TimeProvider.System, NullLogger.Instance);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        var running = session.RunAsync(stop.Token);

        var backup = await RunAsync(env, "", "backup", "laptops", agent.AgentId);
        var show = await RunAsync(env, "", "set", "show", "laptops");
        var snapshots = await RunAsync(env, "", "snapshots", "laptops");
        var ls = await RunAsync(env, "", "ls", "laptops", "latest", "home");
        var status = await RunAsync(env, "", "status");

        Assert.True(backup.ExitCode == 0, backup.Out + backup.Error);
        Assert.Contains("succeeded", backup.Out, StringComparison.Ordinal);
        Assert.Contains($"Agent {agent.AgentId}: {source}", show.Out, StringComparison.Ordinal);
        Assert.Contains(source, snapshots.Out, StringComparison.Ordinal);
        Assert.Matches("^- +12 .* note\\.txt", ls.Out);
        Assert.Contains("Agents: 1 of 1 online, 0 overdue", status.Out, StringComparison.Ordinal);
        var agents = await RunAsync(env, "", "agent", "list");
        Assert.DoesNotContain("never", agents.Out, StringComparison.Ordinal);
        var scheduled = await RunAsync(env, "", "set", "schedule", "laptops", "--cron", "0 2 * * *");
        Assert.Contains("cron \"0 2 * * *\" (UTC)", scheduled.Out, StringComparison.Ordinal);
        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => running.DefaultTimeout());
    }

    private static async Task<(int ExitCode, string Out, string Error)> RunAsync(Env env, string input, params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        using var stdin = new StringReader(input);
        string[] all = ["--data-dir", env.Controller.Paths.Root, "--controller", env.Controller.Host.BaseAddress.ToString(), .. args];
        var exitCode = await RgctlApplication.RunAsync(all, stdout, stderr, stdin, Ct).DefaultTimeout();
        return (exitCode, stdout.ToString(), stderr.ToString());
    }
}
