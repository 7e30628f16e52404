using System.Collections.Concurrent;
using System.Security.Cryptography.X509Certificates;
using Grpc.Health.V1;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using RetroGrid.Contracts;
using RetroGrid.Controller.Hosting;
using RetroGrid.Testing;

namespace RetroGrid.Controller.Tests;

/// <summary>The standard OTEL_* settings switch OTLP export on: traces, metrics and logs reach a collector.</summary>
public sealed class OtlpExportTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task WithAnOtlpEndpoint_TheControllerExportsTracesMetricsAndLogs()
    {
        await using var collector = await OtlpCollector.StartAsync();
        using var directory = new TempDirectory();
        var paths = new ControllerPaths(Path.Join(directory.Path, "controller"));
        await ControllerInitializer.InitAsync(paths, [], TimeProvider.System, Ct);
        await using (var controller = await ControllerHost.StartAsync(
            new ControllerOptions { DataDir = paths.Root, Port = 0, RunScheduler = false },
            Ct,
            [$"--OTEL_EXPORTER_OTLP_ENDPOINT={collector.Address}", "--OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf", "--OTEL_SERVICE_NAME=controller-under-test"]))
        {
            // A call makes a server span; starting made log lines; the meters have instruments.
            using var ca = X509Certificate2.CreateFromPem(await File.ReadAllTextAsync(paths.CaCertificate, Ct));
            using var channel = GrpcChannel.ForAddress(controller.BaseAddress, new GrpcChannelOptions
            {
                HttpHandler = new SocketsHttpHandler
                {
                    SslOptions = { RemoteCertificateValidationCallback = (_, certificate, _, _) => certificate is X509Certificate2 server && ControllerTrust.IssuedBy(server, ca) },
                },
            });
            await new Health.HealthClient(channel).CheckAsync(new HealthCheckRequest(), cancellationToken: Ct).ResponseAsync.DefaultTimeout();
        }

        // Stopping the controller flushes what its exporters still held.
        Assert.Equal(["logs", "metrics", "traces"], collector.Received.Order(StringComparer.Ordinal));
    }

    /// <summary>A stand-in OpenTelemetry Collector: OTLP over HTTP, noting which signals arrived.</summary>
    private sealed class OtlpCollector : IAsyncDisposable
    {
        private readonly WebApplication _app;
        private readonly ConcurrentDictionary<string, int> _received;

        private OtlpCollector(WebApplication app, ConcurrentDictionary<string, int> received, Uri address) => (_app, _received, Address) = (app, received, address);

        public Uri Address { get; }

        public IEnumerable<string> Received => _received.Keys;

        public static async Task<OtlpCollector> StartAsync()
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.Logging.ClearProviders();
            builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(System.Net.IPAddress.Loopback, 0));
            var app = builder.Build();
            var received = new ConcurrentDictionary<string, int>(StringComparer.Ordinal);
            app.MapPost("/v1/{signal}", (string signal) =>
            {
                received.AddOrUpdate(signal, 1, (_, n) => n + 1);
                return Results.Ok();
            });
            await app.StartAsync(Ct);
            var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            return new OtlpCollector(app, received, new Uri(address));
        }

        public async ValueTask DisposeAsync() => await _app.DisposeAsync();
    }
}
