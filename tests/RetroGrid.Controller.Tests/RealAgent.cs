using Microsoft.Extensions.Logging.Abstractions;
using RetroGrid.Agent.Service;
using RetroGrid.Contracts.V1;
using RetroGrid.Testing;

namespace RetroGrid.Controller.Tests;

/// <summary>A real agent (enrolled, its own state folder, its session running in this process) assigned to back up one folder.</summary>
internal sealed class RealAgent : IAsyncDisposable
{
    private readonly ControllerSession _session;
    private readonly CancellationTokenSource _stop;
    private readonly Task _running;

    private RealAgent(string id, ControllerSession session, CancellationTokenSource stop)
    {
        Id = id;
        _session = session;
        _stop = stop;
        _running = session.RunAsync(stop.Token);
    }

    public string Id { get; }

    /// <summary>Enrolls an agent under <paramref name="stateRoot"/>, assigns it to back up <paramref name="source"/> into the set, and connects it.</summary>
    public static async Task<RealAgent> StartAsync(ControllerFixture controller, string setId, string stateRoot, string source, CancellationToken cancellationToken)
    {
        var admin = controller.Admin();
        var token = await admin.CreateEnrollmentTokenAsync(new CreateEnrollmentTokenRequest(), cancellationToken: cancellationToken);
        var state = new AgentStateDirectory(stateRoot);
        var agent = await AgentEnrollment.EnrollAsync(state, controller.Host.BaseAddress, token.Token, token.CaSha256, "1.0.0", cancellationToken);
        await admin.AssignAgentAsync(new AssignAgentRequest { Set = setId, Assignment = new Assignment { AgentId = agent.AgentId, Paths = { source } } }, cancellationToken: cancellationToken);
        var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        return new RealAgent(agent.AgentId, new ControllerSession(state, "1.0.0", TimeProvider.System, NullLogger.Instance), stop);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _running.DefaultTimeout();
        }
        catch (OperationCanceledException)
        {
            // How a session ends when stopped.
        }

        _session.Dispose();
        _stop.Dispose();
    }
}
