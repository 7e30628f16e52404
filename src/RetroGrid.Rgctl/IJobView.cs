using RetroGrid.Contracts.V1;

namespace RetroGrid.Rgctl;

/// <summary>How a followed job is shown while it runs: a live bar on a terminal, a line per state otherwise.</summary>
internal interface IJobView
{
    /// <summary>The job as the controller sent it last.</summary>
    Task ShowAsync(Job job);

    /// <summary>Done showing (the job ended, or we stopped following): leaves the output at the start of a line.</summary>
    Task EndAsync();
}
