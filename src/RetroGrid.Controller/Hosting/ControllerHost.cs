using System.Net;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.Hosting.WindowsServices;
using Microsoft.Extensions.Options;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using RetroGrid.Controller.Catalog;
using RetroGrid.Controller.Dedup;
using RetroGrid.Controller.Dropbox;
using RetroGrid.Controller.Jobs;
using RetroGrid.Controller.Security;
using RetroGrid.Controller.Sets;
using RetroGrid.Controller.Services;
using RetroGrid.Controller.Telemetry;
using RetroGrid.ServiceDefaults;

namespace RetroGrid.Controller.Hosting;

/// <summary>
/// `retrogrid-controller run`: Kestrel, HTTP/2 over TLS with the controller's own certificate; client certificates are
/// asked for but not required by TLS (Enroll has none yet) and are checked per call against the controller's CA.
/// Serves the agent and admin APIs, gRPC health and server reflection.
/// </summary>
public sealed class ControllerHost : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly IDisposable[] _owned;

    private ControllerHost(WebApplication app, Uri baseAddress, params IDisposable[] owned)
    {
        _app = app;
        BaseAddress = baseAddress;
        _owned = owned;
    }

    /// <summary>Where the controller listens, e.g. https://127.0.0.1:7443/.</summary>
    public Uri BaseAddress { get; }

    /// <summary>The running controller's services (tests reach the token broker through it).</summary>
    internal IServiceProvider Services => _app.Services;

    public static async Task<ControllerHost> StartAsync(ControllerOptions options, CancellationToken cancellationToken, string[]? args = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var paths = new ControllerPaths(options.DataDir);
        if (!paths.IsInitialized)
        {
            throw new ControllerException(ControllerErrorCodes.NotInitialized, $"{paths.Root} holds no controller.");
        }

        var database = new CatalogDatabase(paths.Catalog, options.TimeProvider);
        await database.MigrateAsync(cancellationToken);
        var authority = CertificateAuthority.Load(paths);
        var vault = SecretVault.Load(paths);
        var serverCertificate = X509Certificate2.CreateFromPemFile(paths.ServerCertificate, paths.ServerKey);

        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            Args = args ?? [],
            ApplicationName = typeof(ControllerHost).Assembly.GetName().Name,

            // A Windows service starts in System32. UseWindowsService moves the content root (where appsettings.json is
            // read) next to the program, which WebApplicationBuilder only allows if it is already there.
            ContentRootPath = WindowsServiceHelpers.IsWindowsService() ? AppContext.BaseDirectory : null,
        });
        // Logs go to stderr: the first line of stdout is the URL, for scripts and tests.
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(console => console.SingleLine = true);
        builder.Logging.AddConsole(console => console.LogToStandardErrorThreshold = LogLevel.Trace);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Logging.AddFilter("RetroGrid", LogLevel.Information);
        options.ConfigureLogging?.Invoke(builder.Logging);

        // Under systemd (Type=notify): READY=1 once Kestrel listens, STOPPING=1 and a clean stop on SIGTERM, console
        // logs in the journal's format. As a Windows service: the service control manager's start and stop, and the
        // event log. Each does nothing unless that service manager started the process, and both come after the
        // logging set-up above, whose console format they replace.
        builder.Host.UseSystemd();
        builder.Host.UseWindowsService();
        // Settings: appsettings.json, then environment variables (Dropbox__AppKey, or RETROGRID_Dropbox__AppKey).
        builder.Configuration.AddEnvironmentVariables("RETROGRID_");
        builder.Configuration.GetSection("Dropbox").Bind(options.Dropbox);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Listen(IPAddress.Parse(options.ListenAddress), options.Port, listen =>
            {
                // gRPC negotiates HTTP/2 through ALPN; Prometheus and browsers (the link redirect) may speak HTTP/1.1.
                listen.Protocols = HttpProtocols.Http1AndHttp2;
                listen.UseHttps(https =>
                {
                    https.ServerCertificate = serverCertificate;
                    https.ClientCertificateMode = ClientCertificateMode.AllowCertificate;
                    // Judged per call by the agent API against our own CA (the system's roots know nothing of it).
                    https.AllowAnyClientCertificate();
                });
            });
            kestrel.AddServerHeader = false;
        });

        builder.Services.AddSingleton(Options.Create(options));
        builder.Services.AddSingleton(options.TimeProvider);
        builder.Services.AddSingleton(paths);
        builder.Services.AddSingleton(database);
        builder.Services.AddSingleton(authority);
        builder.Services.AddSingleton<AgentRegistry>();
        builder.Services.AddSingleton<AdminCredentialStore>();
        builder.Services.AddSingleton<AgentSessions>();
        builder.Services.AddSingleton(vault);
        builder.Services.AddSingleton<SetRegistry>();
        builder.Services.AddSingleton<ControllerAddress>();
        builder.Services.AddSingleton<DropboxApp>();
        builder.Services.AddSingleton<TokenBroker>();
        builder.Services.AddSingleton<SetLinks>();
        builder.Services.AddSingleton<SetDropboxClients>();
        builder.Services.AddSingleton<SetOpener>();
        builder.Services.AddSingleton<SetBootstrapper>();
        builder.Services.AddSingleton<JobRegistry>();
        builder.Services.AddSingleton<JobUpdates>();
        builder.Services.AddSingleton<JobCoordinator>();
        builder.Services.AddSingleton<ControllerJobs>();
        builder.Services.AddHostedService(services => services.GetRequiredService<ControllerJobs>());
        builder.Services.AddSingleton<MaintenanceJobs>();
        builder.Services.AddSingleton<BusySets>();
        builder.Services.AddSingleton<SnapshotRegistry>();
        builder.Services.AddSingleton<SetBrowser>();
        builder.Services.AddSingleton<JobScheduler>();
        builder.Services.AddSingleton<PackRegistry>();
        builder.Services.AddSingleton<FleetDedupIndex>();
        builder.Services.AddSingleton<CommitCoordinator>();
        builder.Services.AddSingleton<SetRebuilder>();
        builder.Services.AddSingleton<SetRecycler>();
        builder.Services.AddSingleton<SetVerifier>();
        builder.Services.AddSingleton<SetUndeleter>();
        builder.Services.AddSingleton<Grooming.SetPruner>();
        builder.Services.AddSingleton<Grooming.SetGroomer>();
        builder.Services.AddMetrics();
        builder.Services.AddSingleton<ControllerMetrics>();
        builder.Services.AddSingleton<FleetReadings>();
        builder.Services.AddSingleton<FleetMetrics>();
        builder.Services.AddSingleton<DropboxUseMetrics>();
        builder.AddRetroGridTelemetry("retrogrid-controller", tracing => tracing.AddAspNetCoreInstrumentation(), metrics => metrics.AddPrometheusExporter());
        if (options.RunScheduler)
        {
            builder.Services.AddHostedService(services => services.GetRequiredService<JobScheduler>());
        }
        builder.Services.AddHttpClient(nameof(SetBrowser));
        builder.Services.AddHttpClient(nameof(DropboxApp));
        builder.Services.AddHttpClient(nameof(SetBootstrapper));
        builder.Services.AddGrpc(grpc =>
            {
                grpc.EnableDetailedErrors = false;
                grpc.Interceptors.Add<ControllerExceptionInterceptor>();
            })
            .AddServiceOptions<AgentApi>(o => o.Interceptors.Add<AgentAuthenticationInterceptor>())
            .AddServiceOptions<AdminApi>(o => o.Interceptors.Add<AdminAuthenticationInterceptor>());
        builder.Services.AddGrpcHealthChecks();
        builder.Services.AddGrpcReflection();

        var app = builder.Build();

        // Made now, so its instruments exist before any listener or exporter looks for them.
        _ = app.Services.GetRequiredService<ControllerMetrics>();
        _ = app.Services.GetRequiredService<FleetMetrics>();
        _ = app.Services.GetRequiredService<DropboxUseMetrics>();
        var sessions = app.Services.GetRequiredService<AgentSessions>();
        app.Lifetime.ApplicationStopping.Register(sessions.StopAll);

        // Verify and groom runs cut off by a crash end failed before anything is served; those running when the
        // controller stops end failed too, as soon as stopping begins (not after requests drained).
        var controllerJobs = app.Services.GetRequiredService<ControllerJobs>();
        app.Lifetime.ApplicationStopping.Register(controllerJobs.StopAll);
        app.MapGrpcService<AgentApi>();
        app.MapGrpcService<AdminApi>();
        app.MapGrpcHealthChecksService();
        app.MapGrpcReflectionService();
        app.MapGet($"/{SetLinks.RedirectPath}", LinkRedirectEndpoint.HandleAsync);

        // The whole fleet's metrics for Prometheus (agents report their jobs here), over the same TLS port.
        app.MapPrometheusScrapingEndpoint();

        // Public by nature: an enrolling agent fetches it and checks it against the SHA-256 it was given with its token
        // (TLS does not send a self-signed root, so the handshake cannot carry it).
        app.MapGet("/ca.crt", () => Results.Text(authority.CertificatePem, "application/x-pem-file"));
        try
        {
            await controllerJobs.FailInterruptedAsync(cancellationToken);
            await app.StartAsync(cancellationToken);
        }
        catch
        {
            await app.DisposeAsync();
            serverCertificate.Dispose();
            authority.Dispose();
            throw;
        }

        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var baseAddress = new Uri(address.EndsWith('/') ? address : address + "/");
        app.Services.GetRequiredService<ControllerAddress>().BaseAddress = baseAddress;
        ControllerLog.Listening(app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("RetroGrid.Controller"), baseAddress.ToString(), paths.Root);
        return new ControllerHost(app, baseAddress, serverCertificate, authority);
    }

    public Task WaitForShutdownAsync(CancellationToken cancellationToken) => _app.WaitForShutdownAsync(cancellationToken);

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync(CancellationToken.None);
        await _app.DisposeAsync();
        foreach (var owned in _owned)
        {
            owned.Dispose();
        }
    }
}
