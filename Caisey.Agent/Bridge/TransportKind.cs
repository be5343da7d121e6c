namespace Caisey.Agent.Bridge;

/// <summary>How a transport reaches the node.</summary>
public enum TransportKind
{
    /// <summary>The RPC bridge as a WebSocket (<c>GET /agent/v1/bridge</c>).</summary>
    WebSocket,

    /// <summary>The HTTP long-poll exchange (<c>POST /agent/v1/exchange</c>): the last resort when WebSockets are cut.</summary>
    LongPoll,
}
