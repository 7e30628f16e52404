using System.Diagnostics.Metrics;
using RetroGrid.Contracts.V1;
using RetroGrid.Controller.Dropbox;

namespace RetroGrid.Controller.Telemetry;

/// <summary>
/// How the controller spends its Dropbox credentials, on the <c>RetroGrid.Controller</c> meter: access tokens granted
/// to agents by purpose, how old each set's cached token is, and how many entries each <c>finish_batch_v2</c> call
/// carried. The Dropbox calls themselves are counted by the client's own meter, <c>RetroGrid.Dropbox</c>.
/// </summary>
internal sealed class DropboxUseMetrics
{
    /// <summary>Entries per batch, from one agent's pack to Dropbox's limit of 1,000.</summary>
    private static readonly long[] BatchBuckets = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000];

    private readonly Counter<long> _grants;
    private readonly Histogram<long> _batchSizes;

    public DropboxUseMetrics(IMeterFactory meters, TokenBroker broker, TimeProvider time)
    {
        var meter = meters.Create(new MeterOptions(ControllerMetrics.MeterName) { Version = "1.0" });
        _grants = meter.CreateCounter<long>("retrogrid.token.grants", unit: "{grant}", description: "Access tokens handed to agents, by purpose.");
        meter.CreateObservableGauge(
            "retrogrid.token.age",
            () =>
            {
                var now = time.GetUtcNow();
                return broker.HandedOut().Select(t => new Measurement<double>(
                    Math.Max(0, (now - t.IssuedAt).TotalSeconds),
                    new KeyValuePair<string, object?>("retrogrid.set.id", t.SetId),
                    new KeyValuePair<string, object?>("retrogrid.token.purpose", PurposeName(t.Purpose))));
            },
            unit: "s",
            description: "Age of the access token the controller last handed out per set and purpose (short-lived tokens only).");
        _batchSizes = meter.CreateHistogram(
            "retrogrid.commit.batch.size",
            unit: "{entry}",
            description: "Upload sessions committed per finish_batch_v2 call.",
            tags: null,
            advice: new InstrumentAdvice<long> { HistogramBucketBoundaries = BatchBuckets });
    }

    public void Granted(TokenPurpose purpose) => _grants.Add(1, new KeyValuePair<string, object?>("retrogrid.token.purpose", PurposeName(purpose)));

    public void BatchSent(int entries) => _batchSizes.Record(entries);

    private static string PurposeName(TokenPurpose purpose) => purpose == TokenPurpose.Restore ? "restore" : "backup";
}
