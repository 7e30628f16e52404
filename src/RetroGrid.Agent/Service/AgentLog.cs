using Microsoft.Extensions.Logging;

namespace RetroGrid.Agent.Service;

/// <summary>The agent service's log messages (ids and codes only: no tokens, keys or paths).</summary>
internal static partial class AgentLog
{
    [LoggerMessage(1, LogLevel.Information, "Connected to the controller as {AgentId}")]
    public static partial void Connected(ILogger logger, string agentId);

    [LoggerMessage(2, LogLevel.Warning, "Lost the controller ({Code}: {Reason}); reconnecting in about {Delay}")]
    public static partial void SessionLost(ILogger logger, string code, string reason, TimeSpan delay);

    [LoggerMessage(3, LogLevel.Information, "Job {JobId} ({Kind}) started")]
    public static partial void JobStarted(ILogger logger, string jobId, string kind);

    [LoggerMessage(4, LogLevel.Information, "Job {JobId} ended {State} {Code}")]
    public static partial void JobEnded(ILogger logger, string jobId, string state, string code);

    [LoggerMessage(5, LogLevel.Warning, "Stopping: the jobs or the controller took longer than {Timeout}; closing the connection")]
    public static partial void StopTimedOut(ILogger logger, TimeSpan timeout);
}

