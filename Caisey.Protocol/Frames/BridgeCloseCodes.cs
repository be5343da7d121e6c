using System.Net.WebSockets;

namespace Caisey.Protocol.Frames;

/// <summary>
/// WebSocket close statuses the bridge uses. Standard codes (RFC 6455 §7.4.1) where one fits;
/// application codes in 4000–4999 for bridge-specific reasons.
/// </summary>
public static class BridgeCloseCodes
{
    /// <summary>Idle timeout or an orderly shutdown of the bridge; reconnect when there is work.</summary>
    public const WebSocketCloseStatus Normal = WebSocketCloseStatus.NormalClosure;

    /// <summary>The node is shutting down or handing its shards off; reconnect (possibly elsewhere).</summary>
    public const WebSocketCloseStatus GoingAway = WebSocketCloseStatus.EndpointUnavailable;

    /// <summary>A frame was not valid JSON or not a valid frame (see <see cref="FrameException"/>).</summary>
    public const WebSocketCloseStatus InvalidFrame = WebSocketCloseStatus.InvalidPayloadData;

    /// <summary>Binary message where text was expected, or frames out of order (e.g. no hello first).</summary>
    public const WebSocketCloseStatus ProtocolError = WebSocketCloseStatus.ProtocolError;

    /// <summary>Missing, unknown or revoked credential, or an endpoint id that does not match it.</summary>
    public const WebSocketCloseStatus PolicyViolation = WebSocketCloseStatus.PolicyViolation;

    /// <summary>A frame larger than the receiver's limit.</summary>
    public const WebSocketCloseStatus MessageTooBig = WebSocketCloseStatus.MessageTooBig;

    /// <summary>An unexpected fault in the receiver.</summary>
    public const WebSocketCloseStatus InternalError = WebSocketCloseStatus.InternalServerError;

    /// <summary>The node is overloaded; reconnect after the <see cref="Close"/> frame's retryAfterMs (RFC 6455 registry: 1013).</summary>
    public const WebSocketCloseStatus TryAgainLater = (WebSocketCloseStatus)1013;

    /// <summary>The agent's protocol version is not supported by this node.</summary>
    public const WebSocketCloseStatus UnsupportedProtocolVersion = (WebSocketCloseStatus)4000;

    /// <summary>A newer bridge for the same endpoint replaced this one.</summary>
    public const WebSocketCloseStatus Superseded = (WebSocketCloseStatus)4001;

    /// <summary>This node does not own the endpoint's shard; reconnect to the owner.</summary>
    public const WebSocketCloseStatus WrongNode = (WebSocketCloseStatus)4002;

    /// <summary>The peer did not answer a request within its deadline.</summary>
    public const WebSocketCloseStatus AckTimeout = (WebSocketCloseStatus)4003;
}
