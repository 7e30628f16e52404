namespace RetroGrid.Controller;

/// <summary>The controller's log messages (agent and set ids only: no tokens, keys or file paths).</summary>
internal static partial class ControllerLog
{
    [LoggerMessage(1, LogLevel.Information, "Controller listening on {Url} (data directory {DataDir})")]
    public static partial void Listening(ILogger logger, string url, string dataDir);

    [LoggerMessage(2, LogLevel.Information, "Agent {AgentId} enrolled from host {HostName}")]
    public static partial void AgentEnrolled(ILogger logger, string agentId, string hostName);

    [LoggerMessage(3, LogLevel.Information, "Agent {AgentId} connected")]
    public static partial void AgentConnected(ILogger logger, string agentId);

    [LoggerMessage(4, LogLevel.Information, "Agent {AgentId} disconnected")]
    public static partial void AgentDisconnected(ILogger logger, string agentId);

    [LoggerMessage(5, LogLevel.Information, "Job {JobId} ({Kind}) queued for agent {AgentId}")]
    public static partial void JobQueued(ILogger logger, string jobId, string kind, string agentId);

    [LoggerMessage(6, LogLevel.Information, "Job {JobId} ended {State} {Code}")]
    public static partial void JobFinished(ILogger logger, string jobId, string state, string code);

    [LoggerMessage(7, LogLevel.Warning, "Scheduling round failed; retried at the next minute")]
    public static partial void ScheduleFailed(ILogger logger, Exception exception);

    [LoggerMessage(8, LogLevel.Error, "Catalog entries of pack {PackName} in set {SetId} are unreadable; its blobs will be stored again")]
    public static partial void PackEntriesUnreadable(ILogger logger, string setId, string packName, Exception exception);

    [LoggerMessage(9, LogLevel.Information, "Dedup index of set {SetId} loaded: {Blobs} blobs")]
    public static partial void DedupIndexLoaded(ILogger logger, string setId, int blobs);

    [LoggerMessage(10, LogLevel.Debug, "Commit batch of {Entries} packs for set {SetId}: {Committed} committed, {Retried} retried, {Failed} failed")]
    public static partial void CommitBatchDone(ILogger logger, string setId, int entries, int committed, int retried, int failed);

    [LoggerMessage(11, LogLevel.Warning, "Pack {PackName} of job {JobId} could not be committed: {Code}")]
    public static partial void PackCommitFailed(ILogger logger, string packName, string jobId, string code);
}
