namespace Caisey.Protocol.Frames;

/// <summary>Constants of the agent ↔ node bridge that both sides must agree on.</summary>
public static class BridgeProtocol
{
    /// <summary>The protocol version this build speaks, sent in <see cref="Hello"/> and <see cref="Welcome"/>.</summary>
    public const int CurrentVersion = 1;

    /// <summary>The node's WebSocket path for the bridge (see API.md).</summary>
    public const string Path = "/agent/v1/bridge";

    /// <summary>Default largest encoded frame, in bytes (1 MiB).</summary>
    public const int DefaultMaxFrameBytes = 1024 * 1024;

    /// <summary>Cluster: on a 421 answer to a bridge or exchange request, the base URL of the node that owns the endpoint.</summary>
    public const string OwnerUrlHeader = "X-Caisey-Owner-Url";

    /// <summary>Cluster: on a 503 answer while an endpoint's shard moves between nodes, how many milliseconds to wait before retrying.</summary>
    public const string RetryAfterMsHeader = "X-Caisey-Retry-After-Ms";
}
