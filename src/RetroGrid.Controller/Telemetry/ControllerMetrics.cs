using System.Diagnostics.Metrics;
using RetroGrid.Contracts.V1;
using RetroGrid.Controller.Catalog;

namespace RetroGrid.Controller.Telemetry;

/// <summary>
/// The controller's meter, <c>RetroGrid.Controller</c>, made through the host's <see cref="IMeterFactory"/> (so each
/// controller in a process has its own). Today: sets by link state, so a dashboard or an alert sees sets still on a
/// legacy long-lived token and sets waiting for a re-link. Issue 6 adds the rest of the fleet's metrics.
/// </summary>
internal sealed class ControllerMetrics
{
    public const string MeterName = "RetroGrid.Controller";

    public ControllerMetrics(IMeterFactory meters, SetRegistry sets)
    {
        Meter = meters.Create(new MeterOptions(MeterName) { Version = "1.0" });
        Meter.CreateObservableGauge(
            "retrogrid.sets",
            () => sets.CountByLinkState().Select(r => new Measurement<long>(r.Sets, new KeyValuePair<string, object?>("retrogrid.link_state", LinkStateName(r.State)))),
            unit: "{set}",
            description: "Backup sets by link state: linked, legacy_token (a long-lived token to replace), needs_reauthorization, unlinked.");
    }

    public Meter Meter { get; }

    public static string LinkStateName(LinkState state) => state switch
    {
        LinkState.Linked => "linked",
        LinkState.LegacyToken => "legacy_token",
        LinkState.NeedsReauthorization => "needs_reauthorization",
        _ => "unlinked",
    };
}
