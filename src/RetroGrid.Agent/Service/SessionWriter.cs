using Grpc.Core;
using RetroGrid.Contracts.V1;

namespace RetroGrid.Agent.Service;

/// <summary>
/// Writes to the current Connect stream one message at a time (heartbeats, progress and outcomes come from different
/// tasks). Between sessions there is no stream: a write then reports false and the caller keeps what matters.
/// </summary>
internal sealed class SessionWriter : IDisposable
{
    private readonly SemaphoreSlim _lock = new(1, 1);
    private IClientStreamWriter<AgentMessage>? _stream;

    public void Attach(IClientStreamWriter<AgentMessage>? stream) => Volatile.Write(ref _stream, stream);

    public async Task<bool> TrySendAsync(AgentMessage message, CancellationToken cancellationToken)
    {
        await _lock.WaitAsync(cancellationToken);
        try
        {
            if (Volatile.Read(ref _stream) is not { } stream)
            {
                return false;
            }

            await stream.WriteAsync(message, cancellationToken);
            return true;
        }
        catch (Exception ex) when (ex is RpcException or InvalidOperationException or IOException)
        {
            return false;
        }
        finally
        {
            _lock.Release();
        }
    }

    /// <summary>
    /// Half-closes the current stream (the last write of a stopping agent) and detaches it; later writes report false.
    /// </summary>
    public async Task CompleteAsync(CancellationToken cancellationToken)
    {
        await _lock.WaitAsync(cancellationToken);
        try
        {
            if (Interlocked.Exchange(ref _stream, null) is { } stream)
            {
                await stream.CompleteAsync();
            }
        }
        catch (Exception ex) when (ex is RpcException or InvalidOperationException or IOException)
        {
            // The stream is already gone; there is nothing left to close.
        }
        finally
        {
            _lock.Release();
        }
    }

    public void Dispose() => _lock.Dispose();
}
