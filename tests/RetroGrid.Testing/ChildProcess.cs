using System.Collections.Concurrent;
using System.Diagnostics;
using System.Threading.Channels;

namespace RetroGrid.Testing;

/// <summary>
/// A program run as a child process, the way a service manager runs it: its stdout and stderr read line by line as
/// they come, POSIX signals sent to it, its exit awaited. Disposing kills whatever is still running.
/// </summary>
public sealed class ChildProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly Channel<string> _output = Channel.CreateUnbounded<string>();
    private readonly Channel<string> _errorLines = Channel.CreateUnbounded<string>();
    private readonly ConcurrentQueue<string> _error = new();
    private readonly Task _readers;

    private ChildProcess(Process process)
    {
        _process = process;
        _readers = Task.WhenAll(
            PumpAsync(process.StandardOutput, line => _output.Writer.TryWrite(line), _output.Writer),
            PumpAsync(process.StandardError, line =>
            {
                _error.Enqueue(line);
                _errorLines.Writer.TryWrite(line);
            }, _errorLines.Writer));
    }

    public int Id => _process.Id;

    /// <summary>Every stderr line so far (logs go there).</summary>
    public IReadOnlyList<string> ErrorLines => [.. _error];

    /// <summary>The .NET host, to run a framework-dependent program's dll (as the other process tests here do).</summary>
    public static string DotnetHost => "dotnet";

    public static ChildProcess Start(string fileName, IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo(fileName)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {fileName}.");

        // A service has no input; a closed stdin also keeps the child from waiting on the test's.
        process.StandardInput.Close();
        return new ChildProcess(process);
    }

    /// <summary>The next line on stdout (null at its end).</summary>
    public async Task<string?> ReadOutputLineAsync(CancellationToken cancellationToken) =>
        await _output.Reader.WaitToReadAsync(cancellationToken) && _output.Reader.TryRead(out var line) ? line : null;

    /// <summary>Waits for the first stderr line, from those not yet looked at, that matches.</summary>
    public async Task<string> WaitForErrorLineAsync(Func<string, bool> match, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(match);
        await foreach (var line in _errorLines.Reader.ReadAllAsync(cancellationToken))
        {
            if (match(line))
            {
                return line;
            }
        }

        throw new InvalidOperationException($"The process ended without the expected line on stderr:\n{string.Join('\n', _error)}");
    }

    /// <summary>Sends a signal (TERM, INT …) with the shell's kill, as systemd or a terminal would send it.</summary>
    public static async Task SignalAsync(int processId, string signal, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo("/bin/sh") { UseShellExecute = false };
        foreach (var argument in new[] { "-c", "kill -s \"$1\" \"$2\"", "sh", signal, processId.ToString(System.Globalization.CultureInfo.InvariantCulture) })
        {
            start.ArgumentList.Add(argument);
        }

        using var kill = Process.Start(start)!;
        await kill.WaitForExitAsync(cancellationToken).DefaultTimeout();
        if (kill.ExitCode != 0)
        {
            throw new InvalidOperationException($"kill -s {signal} {processId} failed ({kill.ExitCode}).");
        }
    }

    public Task SignalAsync(string signal, CancellationToken cancellationToken) => SignalAsync(Id, signal, cancellationToken);

    /// <summary>Waits for the process to end and for its output to be read; returns its exit code.</summary>
    public async Task<int> WaitForExitAsync(CancellationToken cancellationToken)
    {
        await _process.WaitForExitAsync(cancellationToken);
        await _readers.WaitAsync(cancellationToken);
        return _process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync(CancellationToken.None).DefaultTimeout();
        }

        await _readers.DefaultTimeout();
        _process.Dispose();
    }

    private static async Task PumpAsync(StreamReader reader, Action<string> onLine, ChannelWriter<string> writer)
    {
        while (await reader.ReadLineAsync() is { } line)
        {
            onLine(line);
        }

        writer.TryComplete();
    }
}
