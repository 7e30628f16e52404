using System.Text.Json;
using RetroGrid.Agent.Cli.Output;
using RetroGrid.Core.Errors;
using RetroGrid.Dropbox;

namespace RetroGrid.Agent.Cli;

/// <summary>
/// Turns every failure a user can meet into its RetroGrid code, a plain message and the next step on stderr (and, with
/// --json, one error document on stdout), and picks the exit code. Stack traces are not shown: the message names the
/// object or path concerned, and none of these messages carries a token or passphrase.
/// </summary>
internal static class ErrorReporter
{
    public static int Report(CliConsole console, bool json, Exception exception, bool cancelled)
    {
        var (code, message, exitCode) = Classify(exception, cancelled);
        return Write(console, json, code, message, exitCode);
    }

    public static int Write(CliConsole console, bool json, RetroGridErrorCode code, string message, int exitCode)
    {
        console.Error.WriteLine($"retrogrid-agent: {code.Code} {code.Name}: {message}");
        console.Error.WriteLine($"Next step: {code.NextStep}");
        if (json)
        {
            var document = new ErrorOutput(code.Code, code.Name, message, code.NextStep, exitCode);
            console.Out.WriteLine(JsonSerializer.Serialize(document, CliJsonContext.Default.ErrorOutput));
        }

        return exitCode;
    }

    private static (RetroGridErrorCode Code, string Message, int ExitCode) Classify(Exception exception, bool cancelled) => exception switch
    {
        OperationCanceledException when cancelled => (AgentErrorCodes.Cancelled, "Cancelled.", ExitCodes.Cancelled),
        CliException cli => (cli.Code, cli.Message, cli.ExitCode),
        Service.AgentServiceException service => (service.Code, service.Message, ExitCodes.Failed),
        RetroGridFormatException format => (format.Code, Detail(format.Message, format.Code), ExitCodes.Failed),
        DropboxApiException dropbox => (dropbox.Code, Detail(dropbox.Message, dropbox.Code), ExitCodes.Failed),
        IOException or UnauthorizedAccessException => (AgentErrorCodes.LocalIoError, exception.Message, ExitCodes.Failed),

        // The engines reject unusable requests (e.g. two backup paths with the same name) with ArgumentException.
        ArgumentException => (AgentErrorCodes.InvalidArguments, exception.Message, ExitCodes.Usage),
        _ => (AgentErrorCodes.Unexpected, $"{exception.GetType().Name}: {exception.Message}", ExitCodes.Failed),
    };

    /// <summary>The exception's message without the "RGnnnn Name:" prefix and next step we print on their own.</summary>
    private static string Detail(string message, RetroGridErrorCode code)
    {
        var prefix = $"{code.Code} {code.Name}: ";
        var detail = message.StartsWith(prefix, StringComparison.Ordinal) ? message[prefix.Length..] : message;
        return detail.EndsWith(code.NextStep, StringComparison.Ordinal) ? detail[..^code.NextStep.Length].TrimEnd() : detail;
    }
}
