using RetroGrid.Contracts.V1;
using RetroGrid.Rgctl;
using RetroGrid.Testing;

namespace RetroGrid.Controller.Tests;

/// <summary>rgctl's verify and groom schedule flags, and how it lists jobs the controller runs itself.</summary>
public sealed class RgctlScheduleTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task SetSchedule_VerifyAndGroomFlags_RoundTripShownBySetShow_ZeroTurnsOneOff_BackupScheduleKept()
    {
        await using var env = await Env.StartAsync(redirect: false, runScheduler: false);
        var admin = env.Controller.Admin();
        await admin.CreateSetAsync(new CreateSetRequest { Name = "laptops", RecoveryPassphrase = Env.Passphrase }, cancellationToken: Ct);

        var cron = await RunAsync(env.Controller, "set", "schedule", "laptops", "--cron", "0 2 * * *");
        var both = await RunAsync(env.Controller, "set", "schedule", "laptops", "--verify-every-hours", "24", "--verify-data", "20", "--groom-every-hours", "168", "--groom-prune");
        var shown = await RunAsync(env.Controller, "set", "show", "laptops");
        var stored = await admin.GetSetAsync(new GetSetRequest { Set = "laptops" }, cancellationToken: Ct);
        var verifyOff = await RunAsync(env.Controller, "set", "schedule", "laptops", "--verify-every-hours", "0");
        var json = await RunAsync(env.Controller, "--json", "set", "show", "laptops");
        var backupsOnly = await RunAsync(env.Controller, "set", "schedule", "laptops", "--every-minutes", "60");
        var lonely = await RunAsync(env.Controller, "set", "schedule", "laptops", "--verify-data", "5");
        var after = await admin.GetSetAsync(new GetSetRequest { Set = "laptops" }, cancellationToken: Ct);

        Assert.True(cron.ExitCode == 0, cron.Out + cron.Error);
        Assert.Equal(
            "Set laptops: cron \"0 2 * * *\" (UTC); verify every 24 hours, 20 % of the data; groom every 168 hours, with prune.",
            both.Out.Trim());
        Assert.Contains("  Schedule: cron \"0 2 * * *\" (UTC); 0 snapshots", shown.Out, StringComparison.Ordinal);
        Assert.Contains("  Verify: every 24 hours, 20 % of the data", shown.Out, StringComparison.Ordinal);
        Assert.Contains("  Groom: every 168 hours, with prune", shown.Out, StringComparison.Ordinal);
        Assert.Equal((86_400, 20, 604_800, true), (stored.VerifySchedule.IntervalSeconds, stored.VerifySchedule.DataSharePercent, stored.GroomSchedule.IntervalSeconds, stored.GroomSchedule.Prune));
        Assert.Equal("0 2 * * *", stored.Schedule.Cron);
        Assert.Contains("verify only on request; groom every 168 hours, with prune.", verifyOff.Out, StringComparison.Ordinal);
        Assert.Contains("\"groomSchedule\": {", json.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("verifySchedule", json.Out, StringComparison.Ordinal);
        Assert.Contains("every 60 minutes; verify only on request; groom every 168 hours, with prune.", backupsOnly.Out, StringComparison.Ordinal);
        Assert.Equal(2, lonely.ExitCode);
        Assert.Contains("--verify-data goes with --verify-every-hours", lonely.Error, StringComparison.Ordinal);
        Assert.Equal((3600, 604_800), (after.Schedule.IntervalSeconds, after.GroomSchedule.IntervalSeconds));
        Assert.Null(after.VerifySchedule);
    }

    [Fact]
    public async Task Jobs_ListsAVerifyRunByTheControllerItself()
    {
        await using var env = await Env.StartAsync(redirect: false, runScheduler: false);
        await env.CreateLinkedSetAsync("laptops");

        var verified = await RunAsync(env.Controller, "set", "verify", "laptops", "--data", "100");
        var jobs = await RunAsync(env.Controller, "jobs", "--set", "laptops");

        Assert.True(verified.ExitCode == 0, verified.Out + verified.Error);
        Assert.Matches("(?m)^Recorded as job job-[0-9a-f]{16}\\.$", verified.Out);
        Assert.Matches("(?m)^job-[0-9a-f]{16} +verify +succeeded +controller +sound: 0 snapshots, 0 packs, 0 read\\s*$", jobs.Out);
    }

    private static async Task<(int ExitCode, string Out, string Error)> RunAsync(ControllerFixture controller, params string[] args)
    {
        var console = new RgctlConsole { Out = new RgctlOutput(), Error = new RgctlOutput(), In = new StringReader(string.Empty) };
        string[] all = ["--data-dir", controller.Paths.Root, "--controller", controller.Host.BaseAddress.ToString(), .. args];
        var exitCode = await RgctlApplication.RunAsync(all, console, Ct).DefaultTimeout($"rgctl {string.Join(' ', args)}");
        return (exitCode, console.Out.ToString()!, console.Error.ToString()!);
    }
}
