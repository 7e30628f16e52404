using System.Runtime.InteropServices;
using Microsoft.Extensions.Hosting;

namespace RetroGrid.Agent.Service;

/// <summary>
/// The host's lifetime when no service manager started `run`. Ctrl+C stays with Program.cs, as for every command:
/// the first press stops cleanly, a second one ends the process at once (the host's own ConsoleLifetime would swallow
/// the second press and print its banner). SIGTERM (kill, docker stop, launchd) stops the host cleanly, as under
/// systemd, instead of ending the process mid-job.
/// </summary>
internal sealed class AgentConsoleLifetime(IHostApplicationLifetime lifetime) : IHostLifetime, IDisposable
{
    private PosixSignalRegistration? _sigterm;

    public Task WaitForStartAsync(CancellationToken cancellationToken)
    {
        _sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
        {
            context.Cancel = true;
            lifetime.StopApplication();
        });
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public void Dispose() => _sigterm?.Dispose();
}
