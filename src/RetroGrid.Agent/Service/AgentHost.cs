using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using RetroGrid.Agent.Cli;
using RetroGrid.ServiceDefaults;

namespace RetroGrid.Agent.Service;

/// <summary>
/// `retrogrid-agent run` in a .NET Generic Host, so that the agent is a proper service: under systemd (Type=notify) it
/// reports READY=1 once started and STOPPING=1 when asked to stop, stops on SIGTERM and logs in the journal's format;
/// as a Windows service it answers the service control manager and also logs to the event log. Outside a service
/// manager it behaves as a console program (<see cref="AgentConsoleLifetime"/>). Only `run` builds a host: the local
/// commands never load these assemblies.
/// </summary>
internal static class AgentHost
{
    /// <summary>How long a stop may take before the host gives up on it; the unit file's TimeoutStopSec is above it.</summary>
    public static readonly TimeSpan ShutdownTimeout = TimeSpan.FromSeconds(30);

    /// <summary>How long the session gives its jobs to stop and the controller to take their outcomes (the rest is for disposal).</summary>
    public static readonly TimeSpan SessionStopTimeout = TimeSpan.FromSeconds(20);

    public static async Task<int> RunAsync(AgentStateDirectory state, CancellationToken cancellationToken)
    {
        // Before the host starts, so that a service manager never hears "ready" from an agent that cannot run.
        ControllerSession.ThrowIfNotEnrolled(state);
        using var host = Build(state);
        var worker = host.Services.GetRequiredService<AgentWorker>();
        try
        {
            // Ctrl+C (Program.cs) arrives as cancellationToken; SIGTERM and service stops through the host's lifetime.
            await host.RunAsync(cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopped while starting: as clean as any other stop.
        }

        // A session that ended by itself (revoked, untrusted controller) is reported like any command's failure.
        worker.Failure?.Throw();
        return ExitCodes.Success;
    }

    public static IHost Build(AgentStateDirectory state)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings
        {
            ApplicationName = "retrogrid-agent",

            // A Windows service starts in System32; nothing is read from the content root, but it should not point there.
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.Logging.AddSimpleConsole(console => console.SingleLine = true);
        builder.Logging.AddConsole(console => console.LogToStandardErrorThreshold = LogLevel.Trace);
        // OTEL_* variables (OTLP export) are read from the environment, like a systemd unit's Environment= lines.
        builder.Configuration.AddEnvironmentVariables();
        builder.AddRetroGridTelemetry("retrogrid-agent");
        builder.Services.Configure<HostOptions>(options => options.ShutdownTimeout = ShutdownTimeout);
        builder.Services.AddSingleton(state);
        builder.Services.AddSingleton<AgentWorker>();
        builder.Services.AddHostedService(services => services.GetRequiredService<AgentWorker>());

        // The last lifetime registered wins. AddSystemd and AddWindowsService register theirs (and switch the console
        // log to the journal's format, or add the event log) only when a service manager started the process, so they
        // come after the console one and after the logging set-up above. They are UseSystemd()/UseWindowsService()
        // for HostApplicationBuilder.
        builder.Services.AddSingleton<IHostLifetime, AgentConsoleLifetime>();
        builder.Services.AddSystemd();
        builder.Services.AddWindowsService();
        return builder.Build();
    }
}
