using Grpc.Core;
using RetroGrid.Contracts.V1;

namespace RetroGrid.Controller.Services;

/// <summary>
/// One agent's open Connect stream: the controller writes to it from several places (welcome, jobs, cancellations,
/// acknowledgements), one message at a time, and ends it on revocation, replacement or shutdown.
/// </summary>
internal sealed class AgentSession(IServerStreamWriter<ControllerMessage> writer, CancellationToken callAborted) : IDisposable
{
    private readonly CancellationTokenSource _lifetime = CancellationTokenSource.CreateLinkedTokenSource(callAborted);
    private readonly SemaphoreSlim _writeLock = new(1, 1);

    /// <summary>Cancelled when the session must end.</summary>
    public CancellationToken Token => _lifetime.Token;

    public bool IsEnded => _lifetime.IsCancellationRequested;

    public async Task SendAsync(ControllerMessage message, CancellationToken cancellationToken)
    {
        using var both = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, Token);
        await _writeLock.WaitAsync(both.Token);
        try
        {
            await writer.WriteAsync(message, both.Token);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    public void End() => _lifetime.Cancel();

    public void Dispose()
    {
        _lifetime.Dispose();
        _writeLock.Dispose();
    }
}
