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
using RetroGrid.Agent.Service;
using RetroGrid.Contracts;
using RetroGrid.Contracts.V1;
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

    [Fact]
    public async Task AgentService_WithAnOtlpEndpointInItsEnvironment_ExportsItsJobSpanMetricsAndLogs()
    {
        Assert.SkipWhen(OperatingSystem.IsWindows(), "The agent is stopped with SIGINT, as a terminal does on Ctrl+C.");
        await using var collector = await OtlpCollector.StartAsync();
        await using var env = await Env.StartAsync(redirect: false);
        using var directory = new TempDirectory();
        var source = Directory.CreateDirectory(Path.Join(directory.Path, "source")).FullName;
        File.WriteAllBytes(Path.Join(source, "a.bin"), new Random(4).GetItems<byte>([1, 2, 3], 100_000));
        var setId = await env.CreateLinkedSetAsync("laptops");
        var admin = env.Controller.Admin();
        var token = await admin.CreateEnrollmentTokenAsync(new CreateEnrollmentTokenRequest(), cancellationToken: Ct);
        var state = new AgentStateDirectory(Path.Join(directory.Path, "agent"));
        var agentId = (await AgentEnrollment.EnrollAsync(state, env.Controller.Host.BaseAddress, token.Token, token.CaSha256, "1.0.0", Ct)).AgentId;
        await admin.AssignAgentAsync(new AssignAgentRequest { Set = setId, Assignment = new Assignment { AgentId = agentId, Paths = { source } } }, cancellationToken: Ct);
        var otel = new Dictionary<string, string>
        {
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = collector.Address.ToString(),
            ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
        };
        await using (var agent = ChildProcess.Start(ChildProcess.DotnetHost, [Path.Join(AppContext.BaseDirectory, "retrogrid-agent.dll"), "run", "--state-dir", state.Root], otel))
        {
            await agent.WaitForErrorLineAsync(l => l.Contains("Connected to the controller", StringComparison.Ordinal), Ct).DefaultTimeout();
            await TestJobs.BackUpAsync(admin, setId, agentId);
            await agent.SignalAsync("INT", Ct);
            Assert.Equal(0, await agent.WaitForExitAsync(Ct).DefaultTimeout());
        }

        // Stopping flushed the exporters: the job's span (by its name), the agent's metrics and its log lines.
        Assert.Equal(["logs", "metrics", "traces"], collector.Received.Order(StringComparer.Ordinal));
        Assert.True(collector.Holds("traces", "retrogrid.job backup"), "no span of the backup job reached the collector");
        Assert.True(collector.Holds("metrics", "retrogrid.agent.job.duration"), "the agent's job duration did not reach the collector");
    }

    /// <summary>A stand-in OpenTelemetry Collector: OTLP over HTTP, noting which signals arrived.</summary>
    private sealed class OtlpCollector : IAsyncDisposable
    {
        private readonly WebApplication _app;
        private readonly ConcurrentDictionary<string, ConcurrentQueue<byte[]>> _received;

        private OtlpCollector(WebApplication app, ConcurrentDictionary<string, ConcurrentQueue<byte[]>> received, Uri address) => (_app, _received, Address) = (app, received, address);

        public Uri Address { get; }

        public IEnumerable<string> Received => _received.Keys;

        /// <summary>Whether a payload of <paramref name="signal"/> holds <paramref name="text"/> (protobuf keeps strings as UTF-8).</summary>
        public bool Holds(string signal, string text) =>
            _received.TryGetValue(signal, out var payloads) && payloads.Any(p => p.AsSpan().IndexOf(System.Text.Encoding.UTF8.GetBytes(text)) >= 0);

        public static async Task<OtlpCollector> StartAsync()
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.Logging.ClearProviders();
            builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(System.Net.IPAddress.Loopback, 0));
            var app = builder.Build();
            var received = new ConcurrentDictionary<string, ConcurrentQueue<byte[]>>(StringComparer.Ordinal);
            app.MapPost("/v1/{signal}", async (string signal, HttpRequest request) =>
            {
                using var body = new MemoryStream();
                await request.Body.CopyToAsync(body);
                received.GetOrAdd(signal, _ => new ConcurrentQueue<byte[]>()).Enqueue(body.ToArray());
                return Results.Ok();
            });
            await app.StartAsync(Ct);
            var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            return new OtlpCollector(app, received, new Uri(address));
        }

        public async ValueTask DisposeAsync() => await _app.DisposeAsync();
    }
}
