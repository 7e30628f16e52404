using System.Reflection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace RetroGrid.ServiceDefaults;

/// <summary>
/// The telemetry every RetroGrid host sets up the same way: traces from the RetroGrid sources and outgoing HTTP (which
/// carries W3C trace context to the controller and to Dropbox), metrics from the RetroGrid meters, and logs with
/// trace ids, all exported over OTLP when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set (the other standard <c>OTEL_*</c>
/// variables apply too); without it only the metrics are kept, for a host that serves them itself. Web hosts add their
/// server instrumentation and the controller its Prometheus endpoint through the arguments of
/// <see cref="AddRetroGridTelemetry"/>.
/// </summary>
public static class RetroGridTelemetry
{
    /// <summary>Every RetroGrid ActivitySource and Meter: RetroGrid.Controller, RetroGrid.Agent, RetroGrid.Dropbox, RetroGrid.Emulator.</summary>
    public const string Sources = "RetroGrid.*";

    /// <summary>What traces listen to: the RetroGrid sources, and gRPC's client calls (the agents' calls to the controller).</summary>
    public static IReadOnlyList<string> TraceSources { get; } = [Sources, "Grpc.Net.Client"];

    /// <summary>The variable that switches OTLP export on (the OpenTelemetry specification's name).</summary>
    public const string OtlpEndpointVariable = "OTEL_EXPORTER_OTLP_ENDPOINT";

    /// <param name="builder">The host.</param>
    /// <param name="serviceName">The <c>service.name</c> resource attribute, unless <c>OTEL_SERVICE_NAME</c> overrides it.</param>
    /// <param name="tracing">Host-specific trace instrumentation (server spans); applied only when traces are exported.</param>
    /// <param name="metrics">Host-specific metric readers or exporters (the controller's Prometheus endpoint).</param>
    public static OpenTelemetryBuilder AddRetroGridTelemetry(
        this IHostApplicationBuilder builder, string serviceName, Action<TracerProviderBuilder>? tracing = null, Action<MeterProviderBuilder>? metrics = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrEmpty(serviceName);

        // Console and journal lines carry the trace and span ids too, so a log line leads to its trace.
        builder.Logging.Configure(options => options.ActivityTrackingOptions = ActivityTrackingOptions.TraceId | ActivityTrackingOptions.SpanId);

        var version = Assembly.GetEntryAssembly()?.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion;
        var telemetry = builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(serviceName, serviceVersion: version))
            .WithMetrics(meters =>
            {
                meters.AddMeter(Sources);
                metrics?.Invoke(meters);
            });

        // Spans and log records cost something on every call: they are made only where something exports them.
        if (IsOtlpConfigured(builder.Configuration))
        {
            telemetry
                .WithTracing(traces =>
                {
                    traces.AddSource([.. TraceSources]).AddHttpClientInstrumentation();
                    tracing?.Invoke(traces);
                })
                .WithLogging(configureBuilder: null, configureOptions: logging => logging.IncludeFormattedMessage = true)
                .UseOtlpExporter();
        }

        return telemetry;
    }

    /// <summary>Whether the host is to export over OTLP: the endpoint variable is set in its configuration or environment.</summary>
    public static bool IsOtlpConfigured(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return !string.IsNullOrWhiteSpace(configuration[OtlpEndpointVariable] ?? Environment.GetEnvironmentVariable(OtlpEndpointVariable));
    }
}
