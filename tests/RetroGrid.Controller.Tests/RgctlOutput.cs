using System.Text;
using RetroGrid.Testing;

namespace RetroGrid.Controller.Tests;

/// <summary>
/// One of rgctl's output streams as a test sees it: everything written so far, and a bounded wait for some text to
/// appear, so a test can act at a known point of a command still running (a progress frame drawn, a URL printed).
/// </summary>
internal sealed class RgctlOutput : TextWriter
{
    private readonly Lock _lock = new();
    private readonly StringBuilder _text = new();
    private readonly List<(string Text, TaskCompletionSource Seen)> _waiters = [];

    public override Encoding Encoding => Encoding.UTF8;

    public override void Write(char value) => Append(value.ToString());

    public override void Write(string? value) => Append(value);

    public override void Write(char[] buffer, int index, int count) => Append(new string(buffer, index, count));

    // Written at once rather than on the thread pool as TextWriter's defaults do, so a wait sees text in order.
    public override Task WriteAsync(char value)
    {
        Write(value);
        return Task.CompletedTask;
    }

    public override Task WriteAsync(string? value)
    {
        Write(value);
        return Task.CompletedTask;
    }

    public override Task WriteLineAsync()
    {
        WriteLine();
        return Task.CompletedTask;
    }

    public override Task WriteLineAsync(string? value)
    {
        WriteLine(value);
        return Task.CompletedTask;
    }

    public override Task FlushAsync() => Task.CompletedTask;

    /// <summary>Completes once the output contains the text; fails with the phase named after the default timeout.</summary>
    public Task WaitForAsync(string text)
    {
        lock (_lock)
        {
            if (_text.ToString().Contains(text, StringComparison.Ordinal))
            {
                return Task.CompletedTask;
            }

            var seen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((text, seen));
            return seen.Task.DefaultTimeout($"rgctl printing '{text}'");
        }
    }

    public override string ToString()
    {
        lock (_lock)
        {
            return _text.ToString();
        }
    }

    private void Append(string? value)
    {
        lock (_lock)
        {
            _text.Append(value);
            var text = _text.ToString();
            foreach (var waiter in _waiters.Where(w => text.Contains(w.Text, StringComparison.Ordinal)).ToList())
            {
                _waiters.Remove(waiter);
                waiter.Seen.SetResult();
            }
        }
    }
}
