using System.Collections.Concurrent;

namespace RetroGrid.Controller.Services;

/// <summary>
/// The agents whose Connect stream is open ("online"), each with a way to end its stream (revocation). A reconnect
/// replaces the previous session: the old stream is ended, so an agent has at most one.
/// </summary>
internal sealed class AgentSessions
{
    private readonly ConcurrentDictionary<string, CancellationTokenSource> _sessions = new(StringComparer.Ordinal);

    public bool IsOnline(string agentId) => _sessions.ContainsKey(agentId);

    /// <summary>True once the controller is stopping: sessions end so agents reconnect to the next controller.</summary>
    public bool IsStopping { get; private set; }

    public int Count => _sessions.Count;

    /// <summary>Registers a session; the returned source is cancelled when the session must end.</summary>
    public CancellationTokenSource Open(string agentId, CancellationToken callAborted)
    {
        var session = CancellationTokenSource.CreateLinkedTokenSource(callAborted);
        _sessions.AddOrUpdate(agentId, session, (_, previous) =>
        {
            previous.Cancel();
            return session;
        });
        return session;
    }

    /// <summary>Forgets a session that ended (unless a newer one already replaced it).</summary>
    public void Close(string agentId, CancellationTokenSource session)
    {
        _sessions.TryRemove(new KeyValuePair<string, CancellationTokenSource>(agentId, session));
        session.Dispose();
    }

    /// <summary>Ends every session at shutdown, so stopping does not wait for agents' endless streams.</summary>
    public void StopAll()
    {
        IsStopping = true;
        foreach (var session in _sessions.Values)
        {
            session.Cancel();
        }
    }

    /// <summary>Ends the agent's open session, if any (revocation).</summary>
    public void Disconnect(string agentId)
    {
        if (_sessions.TryGetValue(agentId, out var session))
        {
            session.Cancel();
        }
    }
}
