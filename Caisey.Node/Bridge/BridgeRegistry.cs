using System.Collections.Concurrent;

namespace Caisey.Node.Bridge;

/// <summary>The open bridge session of each endpoint (at most one: a newer one supersedes the older).</summary>
public sealed class BridgeRegistry
{
    private readonly ConcurrentDictionary<string, BridgeSession> _sessions = new(StringComparer.Ordinal);

    public int Count => _sessions.Count;

    public BridgeSession? Find(string endpointId) => _sessions.TryGetValue(endpointId, out var session) ? session : null;

    /// <summary>Makes <paramref name="session"/> the endpoint's bridge; returns the one it replaced, if any.</summary>
    public BridgeSession? Register(BridgeSession session)
    {
        BridgeSession? previous = null;
        _sessions.AddOrUpdate(session.EndpointId, session, (_, old) =>
        {
            previous = old;
            return session;
        });
        return ReferenceEquals(previous, session) ? null : previous;
    }

    /// <summary>Forgets <paramref name="session"/> unless a newer session already replaced it.</summary>
    public bool Remove(BridgeSession session) =>
        _sessions.TryRemove(new KeyValuePair<string, BridgeSession>(session.EndpointId, session));

    public IReadOnlyCollection<BridgeSession> All => _sessions.Values.ToArray();
}
