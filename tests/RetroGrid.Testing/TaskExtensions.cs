using System.Diagnostics;
using System.Runtime.CompilerServices;

namespace RetroGrid.Testing;

/// <summary>
/// Bounds every wait in a test, so a bug shows up as a named failure instead of a hung run (grpc-dotnet's
/// <c>DefaultTimeout</c>). Under a debugger the bound is lifted.
/// </summary>
public static class TaskExtensions
{
    public static readonly TimeSpan DefaultTimeoutSpan = TimeSpan.FromSeconds(30);

    public static Task DefaultTimeout(this Task task, [CallerArgumentExpression(nameof(task))] string? phase = null) =>
        task.WaitAsync(Debugger.IsAttached ? Timeout.InfiniteTimeSpan : DefaultTimeoutSpan).ContinueWith(
            t => Rethrow(t, phase),
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default).Unwrap();

    public static Task<T> DefaultTimeout<T>(this Task<T> task, [CallerArgumentExpression(nameof(task))] string? phase = null) =>
        task.WaitAsync(Debugger.IsAttached ? Timeout.InfiniteTimeSpan : DefaultTimeoutSpan).ContinueWith(
            t => Rethrow(t, phase),
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default).Unwrap();

    public static Task<T> DefaultTimeout<T>(this ValueTask<T> task, [CallerArgumentExpression(nameof(task))] string? phase = null) =>
        task.AsTask().DefaultTimeout(phase);

    public static Task DefaultTimeout(this ValueTask task, [CallerArgumentExpression(nameof(task))] string? phase = null) =>
        task.AsTask().DefaultTimeout(phase);

    private static Task<T> Rethrow<T>(Task<T> task, string? phase) =>
        task.Exception?.InnerException is TimeoutException
            ? Task.FromException<T>(new TimeoutException($"Timed out after {DefaultTimeoutSpan.TotalSeconds:0}s waiting for: {phase}"))
            : task;

    private static Task Rethrow(Task task, string? phase) =>
        task.Exception?.InnerException is TimeoutException
            ? Task.FromException(new TimeoutException($"Timed out after {DefaultTimeoutSpan.TotalSeconds:0}s waiting for: {phase}"))
            : task;
}
