using System.Collections.Concurrent;
using Grpc.Core;
using RetroGrid.Contracts.V1;

namespace RetroGrid.Controller.Services;

/// <summary>
/// The agents whose Connect stream is open ("online"). A reconnect replaces the previous session (which is ended), so
/// an agent has at most one.
/// </summary>
internal sealed class AgentSessions
{
    private readonly ConcurrentDictionary<string, AgentSession> _sessions = new(StringComparer.Ordinal);

    public bool IsOnline(string agentId) => _sessions.ContainsKey(agentId);

    public int Count => _sessions.Count;

    /// <summary>True once the controller is stopping: sessions end so agents reconnect to the next controller.</summary>
    public bool IsStopping { get; private set; }

    public AgentSession Open(string agentId, IServerStreamWriter<ControllerMessage> writer, CancellationToken callAborted)
    {
        var session = new AgentSession(writer, callAborted);
        _sessions.AddOrUpdate(agentId, session, (_, previous) =>
        {
            previous.End();
            return session;
        });
        return session;
    }

    /// <summary>Forgets a session that ended (unless a newer one already replaced it).</summary>
    public void Close(string agentId, AgentSession session)
    {
        _sessions.TryRemove(new KeyValuePair<string, AgentSession>(agentId, session));
        session.Dispose();
    }

    /// <summary>Sends to the agent if it is online; false when it is not, or its stream failed (it will reconnect).</summary>
    public async Task<bool> TrySendAsync(string agentId, ControllerMessage message, CancellationToken cancellationToken)
    {
        if (!_sessions.TryGetValue(agentId, out var session) || session.IsEnded)
        {
            return false;
        }

        try
        {
            await session.SendAsync(message, cancellationToken);
            return true;
        }
        catch (Exception ex) when (ex is OperationCanceledException or InvalidOperationException or IOException or ObjectDisposedException)
        {
            return false;
        }
    }

    /// <summary>Ends every session at shutdown, so stopping does not wait for agents' endless streams.</summary>
    public void StopAll()
    {
        IsStopping = true;
        foreach (var session in _sessions.Values)
        {
            session.End();
        }
    }

    /// <summary>Ends the agent's open session, if any (revocation).</summary>
    public void Disconnect(string agentId)
    {
        if (_sessions.TryGetValue(agentId, out var session))
        {
            session.End();
        }
    }
}
