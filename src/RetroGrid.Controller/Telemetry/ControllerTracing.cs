using System.Diagnostics;

namespace RetroGrid.Controller.Telemetry;

/// <summary>
/// The controller's ActivitySource, <c>RetroGrid.Controller</c>. A job's trace starts where it is queued (inside the
/// admin call or the scheduler's tick); its context travels to the agent in the job's spec, so the agent's work, its
/// calls back here and every Dropbox call on its behalf form one trace. A commit batch serves many agents at once: its
/// span continues the first pack's trace and links to the others'.
/// </summary>
internal static class ControllerTracing
{
    public const string Name = "RetroGrid.Controller";

    public static readonly ActivitySource Source = new(new ActivitySourceOptions(Name) { Version = "1.0" });
}
