using Microsoft.Extensions.Logging.Abstractions;
using RetroGrid.Agent.Service;
using RetroGrid.Contracts.V1;
using RetroGrid.Testing;

namespace RetroGrid.Controller.Tests;

/// <summary>The real agent code (enroll, run) against a real controller over loopback TLS.</summary>
public sealed class AgentServiceTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Enroll_PinnedCa_KeepsIdentityWithTheKeyOwnerOnly()
    {
        await using var controller = await ControllerFixture.StartAsync(Ct);
        using var directory = new TempDirectory();
        var state = new AgentStateDirectory(Path.Join(directory.Path, "agent"));
        var token = await controller.Admin().CreateEnrollmentTokenAsync(new CreateEnrollmentTokenRequest(), cancellationToken: Ct);

        var identity = await AgentEnrollment.EnrollAsync(state, controller.Host.BaseAddress, token.Token, token.CaSha256, "1.0.0", Ct).DefaultTimeout();

        Assert.True(state.IsEnrolled);
        Assert.Equal((identity.AgentId, controller.Host.BaseAddress), (AgentIdentity.Load(state).AgentId, AgentIdentity.Load(state).Controller));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(state.Key));
        }

        var again = await Assert.ThrowsAsync<AgentServiceException>(() => AgentEnrollment.EnrollAsync(state, controller.Host.BaseAddress, token.Token, token.CaSha256, "1.0.0", Ct));
        Assert.Equal("RG3102", again.Code.Code);
    }

    [Fact]
    public async Task Enroll_WrongCaPin_RefusesTheControllerAndSendsNoToken()
    {
        await using var controller = await ControllerFixture.StartAsync(Ct);
        using var directory = new TempDirectory();
        var state = new AgentStateDirectory(Path.Join(directory.Path, "agent"));
        var token = await controller.Admin().CreateEnrollmentTokenAsync(new CreateEnrollmentTokenRequest(), cancellationToken: Ct);

        var refused = await Assert.ThrowsAsync<AgentServiceException>(() => AgentEnrollment.EnrollAsync(
            state, controller.Host.BaseAddress, token.Token, new string('0', 64), "1.0.0", Ct).DefaultTimeout());

        Assert.Equal("RG3103", refused.Code.Code);
        Assert.False(state.IsEnrolled);
        Assert.Empty((await controller.Admin().ListAgentsAsync(new ListAgentsRequest(), cancellationToken: Ct)).Agents);
    }

    [Fact]
    public async Task Run_ControllerRestarts_AgentReconnectsByItself()
    {
        await using var controller = await ControllerFixture.StartAsync(Ct);
        using var directory = new TempDirectory();
        var (state, agentId) = await EnrollAsync(controller, directory);
        var welcomes = new Queue<TaskCompletionSource<ControllerWelcome>>([new(), new()]);
        var pending = welcomes.ToArray();
        var session = new ControllerSession(state, "1.0.0", TimeProvider.System, NullLogger.Instance) { Welcomed = w => welcomes.Dequeue().TrySetResult(w) };
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        var running = session.RunAsync(stop.Token);

        Assert.Equal(agentId, (await pending[0].Task.DefaultTimeout()).AgentId);
        Assert.True(Assert.Single((await controller.Admin().ListAgentsAsync(new ListAgentsRequest(), cancellationToken: Ct)).Agents).Online);
        await controller.RestartAsync(Ct);

        Assert.Equal(agentId, (await pending[1].Task.DefaultTimeout()).AgentId);
        Assert.True(Assert.Single((await controller.Admin().ListAgentsAsync(new ListAgentsRequest(), cancellationToken: Ct)).Agents).Online);
        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => running.DefaultTimeout());
    }

    [Fact]
    public async Task Run_AgentRevoked_StopsWithTheControllersCode()
    {
        await using var controller = await ControllerFixture.StartAsync(Ct);
        using var directory = new TempDirectory();
        var (state, agentId) = await EnrollAsync(controller, directory);
        var welcomed = new TaskCompletionSource();
        var session = new ControllerSession(state, "1.0.0", TimeProvider.System, NullLogger.Instance) { Welcomed = _ => welcomed.TrySetResult() };
        var running = session.RunAsync(Ct);
        await welcomed.Task.DefaultTimeout();

        await controller.Admin().RevokeAgentAsync(new RevokeAgentRequest { AgentId = agentId }, cancellationToken: Ct);

        var stopped = await Assert.ThrowsAsync<AgentServiceException>(() => running.DefaultTimeout());
        Assert.Equal("RG3012", stopped.Code.Code);
        Assert.NotEmpty(stopped.Code.NextStep);
    }

    [Fact]
    public async Task Run_NotEnrolled_RefusedWithCode()
    {
        using var directory = new TempDirectory();
        var session = new ControllerSession(new AgentStateDirectory(directory.Path), "1.0.0", TimeProvider.System, NullLogger.Instance);

        var refused = await Assert.ThrowsAsync<AgentServiceException>(() => session.RunAsync(Ct));

        Assert.Equal("RG3101", refused.Code.Code);
    }

    private static async Task<(AgentStateDirectory State, string AgentId)> EnrollAsync(ControllerFixture controller, TempDirectory directory)
    {
        var state = new AgentStateDirectory(Path.Join(directory.Path, "agent"));
        var token = await controller.Admin().CreateEnrollmentTokenAsync(new CreateEnrollmentTokenRequest(), cancellationToken: Ct);
        var identity = await AgentEnrollment.EnrollAsync(state, controller.Host.BaseAddress, token.Token, token.CaSha256, "1.0.0", Ct);
        return (state, identity.AgentId);
    }
}
