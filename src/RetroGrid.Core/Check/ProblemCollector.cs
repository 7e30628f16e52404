using RetroGrid.Core.Errors;
using RetroGrid.Dropbox;

namespace RetroGrid.Core.Check;

/// <summary>Thread-safe list of problems; a check records every one it meets and carries on.</summary>
internal sealed class ProblemCollector
{
    private readonly Lock _lock = new();
    private readonly List<CheckProblem> _problems = [];

    public void Add(CheckArea area, RetroGridErrorCode code, string objectName, string message)
    {
        lock (_lock)
        {
            _problems.Add(new CheckProblem(area, code.Code, objectName, message));
        }
    }

    public void Add(CheckArea area, RetroGridFormatException exception) =>
        Add(area, exception.Code, exception.ObjectName, Detail(exception));

    /// <summary>
    /// The exception's detail alone: its message without the "code name: object:" prefix and the code's next step,
    /// which a report shows once, not on every line.
    /// </summary>
    public static string Detail(RetroGridFormatException exception)
    {
        var message = exception.Message;
        var prefix = $"{exception.Code.Code} {exception.Code.Name}: {exception.ObjectName}: ";
        var detail = message.StartsWith(prefix, StringComparison.Ordinal) ? message[prefix.Length..] : message;
        return detail.EndsWith(exception.Code.NextStep, StringComparison.Ordinal) ? detail[..^exception.Code.NextStep.Length].TrimEnd() : detail;
    }

    public IReadOnlyList<CheckProblem> ToSortedList()
    {
        lock (_lock)
        {
            return [.. _problems.Distinct()
                .OrderBy(p => p.Area)
                .ThenBy(p => p.ObjectName, StringComparer.Ordinal)
                .ThenBy(p => p.Message, StringComparer.Ordinal)];
        }
    }
}
