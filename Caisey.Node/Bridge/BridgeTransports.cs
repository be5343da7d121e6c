namespace Caisey.Node.Bridge;

/// <summary>Names of the bridge transports, as recorded in <c>CommandDispatched</c> and shown in reachability.</summary>
public static class BridgeTransports
{
    public const string WebSocket = "websocket";
    public const string LongPoll = "long-poll";
}
