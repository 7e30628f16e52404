using Microsoft.Extensions.DependencyInjection;
using RetroGrid.Agent.Service;
using RetroGrid.Contracts.V1;
using RetroGrid.Controller.Catalog;
using RetroGrid.Controller.Dropbox;
using RetroGrid.Controller.Security;
using RetroGrid.Testing;

namespace RetroGrid.Controller.Tests;

/// <summary>Tokens, keys and credentials never reach the controller's or the agent's logs, nor the catalog in clear.</summary>
public sealed class SecretsTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task WholeFlow_LogsAndCatalogHoldNoSecret()
    {
        using var controllerLogs = new CapturedLogs();
        using var agentLogs = new CapturedLogs();
        await using var env = await Env.StartAsync(redirect: false, logs: controllerLogs);
        using var directory = new TempDirectory();
        var source = Directory.CreateDirectory(Path.Join(directory.Path, "home")).FullName;
        await File.WriteAllTextAsync(Path.Join(source, "secret-free.txt"), "data", Ct);
        var setId = await env.CreateLinkedSetAsync("laptops");
        var admin = env.Controller.Admin();
        await admin.CreateSetAsync(new CreateSetRequest { Name = "old", RecoveryPassphrase = Env.Passphrase }, cancellationToken: Ct);
        await admin.ImportLegacyTokenAsync(new ImportLegacyTokenRequest { Set = "old", AccessToken = Env.LegacyToken }, cancellationToken: Ct);
        var enrollment = await admin.CreateEnrollmentTokenAsync(new CreateEnrollmentTokenRequest(), cancellationToken: Ct);
        var state = new AgentStateDirectory(Path.Join(directory.Path, "agent"));
        var agent = await AgentEnrollment.EnrollAsync(state, env.Controller.Host.BaseAddress, enrollment.Token, enrollment.CaSha256, "1.0.0", Ct);
        await admin.AssignAgentAsync(new AssignAgentRequest { Set = setId, Assignment = new Assignment { AgentId = agent.AgentId, Paths = { source } } }, cancellationToken: Ct);
        using var session = new ControllerSession(state, "1.0.0", TimeProvider.System, agentLogs.CreateLogger("agent"));
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        var running = session.RunAsync(stop.Token);
        var job = await admin.StartBackupAsync(new StartBackupRequest { Set = setId, AgentId = agent.AgentId }, cancellationToken: Ct);
        using (var watch = admin.WatchJob(new WatchJobRequest { JobId = job.Id }, cancellationToken: Ct))
        {
            while (await watch.ResponseStream.MoveNext(Ct).DefaultTimeout())
            {
                job = watch.ResponseStream.Current;
            }
        }

        Assert.Equal(JobState.Succeeded, job.State);
        var services = env.Controller.Host.Services;
        var set = (await services.GetRequiredService<SetRegistry>().FindAsync(setId, Ct))!;
        var refreshToken = services.GetRequiredService<SecretVault>().OpenText(SetRecord.RefreshTokenPurpose(setId), set.SealedRefreshToken!);
        var accessToken = (await services.GetRequiredService<TokenBroker>().GetAsync(setId, TokenPurpose.Backup, null, Ct)).Value;
        var setKey = Convert.ToBase64String(services.GetRequiredService<SecretVault>().Open(SetRecord.SetKekPurpose(setId), set.SealedSetKek));
        string[] secrets = [env.Controller.AdminCredential, enrollment.Token, Env.Passphrase, Env.LegacyToken, refreshToken, accessToken, setKey];
        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => running.DefaultTimeout());

        var logs = controllerLogs.Text + agentLogs.Text;
        Assert.Contains("enrolled", logs, StringComparison.Ordinal);
        var catalog = await env.Controller.ReadCatalogTextAsync(Ct);
        Assert.Contains("laptops", catalog, StringComparison.Ordinal);
        foreach (var secret in secrets)
        {
            Assert.DoesNotContain(secret, logs, StringComparison.Ordinal);
            Assert.DoesNotContain(secret, catalog, StringComparison.Ordinal);
        }
    }
}
