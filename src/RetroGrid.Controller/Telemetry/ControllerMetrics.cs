using System.Diagnostics.Metrics;
using RetroGrid.Contracts.V1;
using RetroGrid.Controller.Catalog;

namespace RetroGrid.Controller.Telemetry;

/// <summary>
/// The controller's meter, <c>RetroGrid.Controller</c>, made through the host's <see cref="IMeterFactory"/> (so each
/// controller in a process has its own): sets by link state (sets still on a legacy long-lived token, sets waiting for
/// a re-link), how long jobs of each kind ran and how they ended, and per set what its last verify found and how long
/// ago that was. Attributes carry set ids, kinds and outcomes only: never names, paths or tokens. Issue 6 adds the rest
/// of the fleet's metrics.
/// </summary>
internal sealed class ControllerMetrics
{
    public const string MeterName = "RetroGrid.Controller";

    /// <summary>Seconds, from a minute to a day: backups and verifies run for minutes to hours.</summary>
    private static readonly double[] DurationBuckets = [1, 5, 15, 30, 60, 120, 300, 600, 1800, 3600, 7200, 14400, 28800, 86400];

    private readonly Histogram<double> _jobDuration;

    public ControllerMetrics(IMeterFactory meters, SetRegistry sets, TimeProvider time)
    {
        Meter = meters.Create(new MeterOptions(MeterName) { Version = "1.0" });
        Meter.CreateObservableGauge(
            "retrogrid.sets",
            () => sets.CountByLinkState().Select(r => new Measurement<long>(r.Sets, new KeyValuePair<string, object?>("retrogrid.link_state", LinkStateName(r.State)))),
            unit: "{set}",
            description: "Backup sets by link state: linked, legacy_token (a long-lived token to replace), needs_reauthorization, unlinked.");
        _jobDuration = Meter.CreateHistogram(
            "retrogrid.job.duration",
            unit: "s",
            description: "How long jobs ran, from their start (from being queued for one that never started) to their end, by kind and outcome.",
            tags: null,
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = DurationBuckets });
        Meter.CreateObservableGauge(
            "retrogrid.set.verify.problems",
            () => sets.LastVerifies().Select(v => new Measurement<long>(v.Problems, SetTag(v.SetId))),
            unit: "{problem}",
            description: "Problems the set's last verify found (missing, replaced or damaged objects); sets never verified are absent.");
        Meter.CreateObservableGauge(
            "retrogrid.set.verify.age",
            () =>
            {
                var now = time.GetUtcNow().ToUnixTimeMilliseconds();
                return sets.LastVerifies().Select(v => new Measurement<double>(Math.Max(0, now - v.FinishedAtMs) / 1000.0, SetTag(v.SetId)));
            },
            unit: "s",
            description: "Seconds since the set's last verify finished its check; sets never verified are absent.");
    }

    public Meter Meter { get; }

    /// <summary>A job ended (<paramref name="job"/> as the catalog holds it now): its duration, by kind and outcome.</summary>
    public void JobEnded(JobRecord job)
    {
        if (job.FinishedAtMs is not { } finished)
        {
            return;
        }

        var from = job.StartedAtMs ?? job.CreatedAtMs;
        _jobDuration.Record(
            Math.Max(0, finished - from) / 1000.0,
            new KeyValuePair<string, object?>("retrogrid.job.kind", KindName(job.Kind)),
            new KeyValuePair<string, object?>("retrogrid.job.outcome", OutcomeName(job.State)));
    }

    public static string LinkStateName(LinkState state) => state switch
    {
        LinkState.Linked => "linked",
        LinkState.LegacyToken => "legacy_token",
        LinkState.NeedsReauthorization => "needs_reauthorization",
        _ => "unlinked",
    };

    public static string KindName(JobKind kind) => kind switch
    {
        JobKind.Backup => "backup",
        JobKind.Restore => "restore",
        JobKind.Verify => "verify",
        JobKind.Groom => "groom",
        _ => "unspecified",
    };

    public static string OutcomeName(JobState state) => state switch
    {
        JobState.Succeeded => "succeeded",
        JobState.Cancelled => "cancelled",
        _ => "failed",
    };

    private static KeyValuePair<string, object?> SetTag(string setId) => new("retrogrid.set.id", setId);
}
