using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using OpenTelemetry.Trace;
using RetroGrid.Dropbox.Emulator.Auth;
using RetroGrid.Dropbox.Emulator.Faults;
using RetroGrid.Dropbox.Emulator.Routes;
using RetroGrid.ServiceDefaults;

namespace RetroGrid.Dropbox.Emulator;

/// <summary>
/// The Dropbox emulator as an in-process server on 127.0.0.1: www (<c>/oauth2/authorize</c>), api and content hosts
/// are all served by path on one port.
/// </summary>
public sealed class DropboxEmulatorHost : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly string? _ownedDataDir;

    private DropboxEmulatorHost(WebApplication app, Uri baseAddress, EmulatorServices services, string? ownedDataDir)
    {
        _app = app;
        BaseAddress = baseAddress;
        Services = services;
        _ownedDataDir = ownedDataDir;
    }

    /// <summary>For example <c>http://127.0.0.1:41234/</c>.</summary>
    public Uri BaseAddress { get; }

    /// <summary>The emulator's state, for tests that need a hook below the HTTP surface.</summary>
    internal EmulatorServices Services { get; }

    public static async Task<DropboxEmulatorHost> StartAsync(EmulatorOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        var ownedDataDir = options.DataDir is null ? Directory.CreateTempSubdirectory("retrogrid-emulator-").FullName : null;
        var dataDir = Path.GetFullPath(options.DataDir ?? ownedDataDir!);

        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ApplicationName = typeof(DropboxEmulatorHost).Assembly.GetName().Name });
        // Logs go to stderr: the first line of stdout is reserved for the URL.
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(console => console.SingleLine = true);
        builder.Logging.AddConsole(console => console.LogToStandardErrorThreshold = LogLevel.Trace);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Logging.AddFilter("RetroGrid", LogLevel.Information);

        // Its server spans continue the callers' traces (the W3C context RetroGrid's client sends), as Dropbox's would not.
        builder.AddRetroGridTelemetry("retrogrid-dropbox-emulator", tracing => tracing.AddAspNetCoreInstrumentation());
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            // Cleartext: HTTP/1.1 (HTTP/2 without TLS would need prior knowledge, which Dropbox clients don't use).
            kestrel.Listen(System.Net.IPAddress.Loopback, options.Port, listen => listen.Protocols = HttpProtocols.Http1);
            kestrel.AddServerHeader = false;

            // Upload routes lift the body limit per request and enforce Dropbox's 150 MiB themselves; this
            // default only bounds everything else.
            kestrel.Limits.MaxRequestBodySize = options.MaxPayloadBytes + (1024 * 1024);
            kestrel.Limits.MaxRequestHeadersTotalSize = 256 * 1024;
            kestrel.Limits.MaxRequestLineSize = 64 * 1024;
            kestrel.Limits.MaxRequestBufferSize = 1024 * 1024;
            kestrel.Limits.Http2.MaxRequestHeaderFieldSize = 64 * 1024;
        });

        var app = builder.Build();
        var services = new EmulatorServices(options, dataDir, app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("RetroGrid.Dropbox.Emulator"));
        var router = new ApiRouter(services);
        app.UseMiddleware<FaultInjectionMiddleware>(services);
        app.MapMethods("/oauth2/authorize", [HttpMethods.Get, HttpMethods.Post], (HttpContext c) => OAuthEndpoints.AuthorizeAsync(c, services));
        app.MapPost("/oauth2/token", (HttpContext c) => OAuthEndpoints.TokenAsync(c, services));
        app.Map("/2/{**route}", (HttpContext c, string? route) => router.DispatchAsync(c, route ?? ""));
        TestEndpoints.Map(app, services);

        try
        {
            await app.StartAsync(cancellationToken);
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }

        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var url = address.EndsWith('/') ? address : address + "/";
        EmulatorLog.Listening(services.Logger, url, dataDir);
        var baseAddress = new Uri(url);
        return new DropboxEmulatorHost(app, baseAddress, services, ownedDataDir);
    }

    /// <summary>Completes when the host shuts down (Ctrl+C for the standalone server).</summary>
    public Task WaitForShutdownAsync(CancellationToken cancellationToken) => _app.WaitForShutdownAsync(cancellationToken);

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync(CancellationToken.None);
        await _app.DisposeAsync();
        if (_ownedDataDir is not null)
        {
            try
            {
                Directory.Delete(_ownedDataDir, recursive: true);
            }
            catch (IOException)
            {
                // A file still open by a request that was cut off; the OS temp cleaner gets it.
            }
        }
    }
}
