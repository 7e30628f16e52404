using System.Diagnostics;
using System.Diagnostics.Metrics;
using RetroGrid.Contracts.V1;

namespace RetroGrid.Agent.Telemetry;

/// <summary>
/// The agent's ActivitySource and Meter, <c>RetroGrid.Agent</c>: one span per job, a child of the controller's span
/// that queued it (its trace context comes in <see cref="Contracts.V1.StartJob.TraceParent"/>), so the engine's Dropbox calls and
/// its calls to the controller belong to the job's trace; and how long jobs took. Attributes: job, set and agent ids,
/// kinds and outcomes only — never paths.
/// </summary>
internal static class AgentTelemetry
{
    public const string Name = "RetroGrid.Agent";

    private static readonly ActivitySource Source = new(new ActivitySourceOptions(Name) { Version = "1.0" });

    private static readonly Meter Meter = new(new MeterOptions(Name) { Version = "1.0" });

    private static readonly Histogram<double> JobDuration = Meter.CreateHistogram<double>(
        "retrogrid.agent.job.duration", unit: "s", description: "How long this agent's jobs ran, by kind and outcome.");

    private static readonly Counter<long> BytesUploaded = Meter.CreateCounter<long>(
        "retrogrid.agent.backup.uploaded", unit: "By", description: "Bytes of packs this agent uploaded to Dropbox, per set.");

    /// <summary>Starts the job's span, in the controller's trace when the job carries one.</summary>
    public static Activity? JobStarted(StartJob job, string agentId)
    {
        ActivityContext.TryParse(job.TraceParent, traceState: null, isRemote: true, out var parent);
        var activity = Source.StartActivity($"retrogrid.job {KindName(job.KindCase)}", ActivityKind.Internal, parent);
        activity?.SetTag("retrogrid.job.id", job.JobId);
        activity?.SetTag("retrogrid.job.kind", KindName(job.KindCase));
        activity?.SetTag("retrogrid.set.id", job.SetId);
        activity?.SetTag("retrogrid.agent.id", agentId);
        return activity;
    }

    /// <summary>Records the job's end on its span and in the metrics.</summary>
    public static void JobEnded(Activity? activity, StartJob job, JobOutcome outcome, TimeSpan elapsed)
    {
        var kind = new KeyValuePair<string, object?>("retrogrid.job.kind", KindName(job.KindCase));
        var state = new KeyValuePair<string, object?>("retrogrid.job.outcome", OutcomeName(outcome.State));
        JobDuration.Record(elapsed.TotalSeconds, kind, state);
        if (job.KindCase == Contracts.V1.StartJob.KindOneofCase.Backup && outcome.Statistics is { BytesUploaded: > 0 } statistics)
        {
            BytesUploaded.Add(statistics.BytesUploaded, new KeyValuePair<string, object?>("retrogrid.set.id", job.SetId));
        }

        if (activity is null)
        {
            return;
        }

        activity.SetTag("retrogrid.job.outcome", state.Value);
        if (outcome.State == JobState.Failed)
        {
            activity.SetTag("error.type", outcome.Error?.Code);
            activity.SetStatus(ActivityStatusCode.Error, outcome.Error?.Code);
        }
    }

    private static string KindName(Contracts.V1.StartJob.KindOneofCase kind) => kind switch
    {
        Contracts.V1.StartJob.KindOneofCase.Backup => "backup",
        Contracts.V1.StartJob.KindOneofCase.Restore => "restore",
        _ => "unknown",
    };

    private static string OutcomeName(JobState state) => state switch
    {
        JobState.Succeeded => "succeeded",
        JobState.Cancelled => "cancelled",
        _ => "failed",
    };
}
