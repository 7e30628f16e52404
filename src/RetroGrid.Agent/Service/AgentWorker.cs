using System.Runtime.ExceptionServices;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace RetroGrid.Agent.Service;

/// <summary>
/// Runs the <see cref="ControllerSession"/> inside the host until the host stops. A session that ends by itself
/// (revoked, untrusted controller) stops the host, and its exception is kept for `run` to report with its code and
/// exit code, as before the host existed.
/// </summary>
internal sealed class AgentWorker(AgentStateDirectory state, IHostApplicationLifetime lifetime, IHostLifetime hostLifetime, ILoggerFactory loggers) : BackgroundService
{
    public ExceptionDispatchInfo? Failure { get; private set; }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var session = new ControllerSession(state, AgentVersion.Current, TimeProvider.System, loggers.CreateLogger("RetroGrid.Agent"))
        {
            StopTimeout = AgentHost.SessionStopTimeout,
        };
        try
        {
            await session.RunAsync(stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopped: a clean exit, not a failure.
        }
        catch (Exception ex)
        {
            Failure = ExceptionDispatchInfo.Capture(ex);

            // The service control manager runs its recovery actions (install-agent.ps1) only for a service that stops
            // with an error code, and the host reports every stop as clean unless told otherwise.
            if (OperatingSystem.IsWindows() && hostLifetime is System.ServiceProcess.ServiceBase service)
            {
                service.ExitCode = Cli.ExitCodes.Failed;
            }
        }
        finally
        {
            lifetime.StopApplication();
        }
    }
}
