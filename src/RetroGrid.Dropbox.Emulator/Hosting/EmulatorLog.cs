namespace RetroGrid.Dropbox.Emulator;

/// <summary>Source-generated log messages. Tokens, codes and verifiers are never logged.</summary>
internal static partial class EmulatorLog
{
    [LoggerMessage(EventId = 1, EventName = "Listening", Level = LogLevel.Information, Message = "Dropbox emulator listening on {Url}, data in {DataDir}")]
    public static partial void Listening(ILogger logger, string url, string dataDir);

    [LoggerMessage(EventId = 2, EventName = "FaultInjected", Level = LogLevel.Information, Message = "Injected fault {Fault} into {Route}")]
    public static partial void FaultInjected(ILogger logger, string route, string fault);

    [LoggerMessage(EventId = 3, EventName = "UnhandledError", Level = LogLevel.Error, Message = "Unhandled error in {Route}")]
    public static partial void UnhandledError(ILogger logger, string route, Exception exception);

    [LoggerMessage(EventId = 4, EventName = "RequestAborted", Level = LogLevel.Debug, Message = "Request to {Route} ended early: {Reason}")]
    public static partial void RequestAborted(ILogger logger, string route, string reason);

    [LoggerMessage(EventId = 5, EventName = "StateReset", Level = LogLevel.Information, Message = "Emulator state reset")]
    public static partial void StateReset(ILogger logger);
}
