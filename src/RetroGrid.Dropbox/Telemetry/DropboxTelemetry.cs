using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace RetroGrid.Dropbox;

/// <summary>
/// The client's ActivitySource and Meter, both named <see cref="Name"/>. Tags are low-cardinality only: route, status,
/// attempt, reason. Never tokens, never paths.
/// </summary>
public static class DropboxTelemetry
{
    /// <summary>The ActivitySource and Meter name, for <c>AddSource</c>/<c>AddMeter</c>.</summary>
    public const string Name = "RetroGrid.Dropbox";

    internal static readonly ActivitySource ActivitySource = new(new ActivitySourceOptions(Name) { Version = "1.0" });

    internal static readonly Meter Meter = new(new MeterOptions(Name) { Version = "1.0" });

    internal static readonly Counter<long> Requests = Meter.CreateCounter<long>(
        "retrogrid.dropbox.requests", unit: "{request}", description: "HTTP requests sent to Dropbox, per route and status.");

    internal static readonly Histogram<double> RequestDuration = Meter.CreateHistogram(
        "retrogrid.dropbox.request.duration",
        unit: "s",
        description: "How long Dropbox took to answer (headers received), per route; each attempt counts once.",
        tags: null,
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60] });

    internal static readonly Counter<long> Retries = Meter.CreateCounter<long>(
        "retrogrid.dropbox.retries", unit: "{retry}", description: "Repeated Dropbox requests, per route and reason.");

    internal static readonly Counter<long> RateLimited = Meter.CreateCounter<long>(
        "retrogrid.dropbox.rate_limited", unit: "{response}", description: "429 answers from Dropbox, per route.");

    internal static readonly Counter<long> TokenRefreshes = Meter.CreateCounter<long>(
        "retrogrid.dropbox.token_refreshes", unit: "{refresh}", description: "Access-token refreshes, per outcome.");
}
