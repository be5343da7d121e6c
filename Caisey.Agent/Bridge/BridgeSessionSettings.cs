using Caisey.Protocol.Frames;

namespace Caisey.Agent.Bridge;

/// <summary>The timing of one <see cref="BridgeSession"/>.</summary>
/// <param name="IdleTimeout">Close after this long without work traffic (pings aside) when nothing runs and nothing awaits an ack; the node's own idle timeout, when shorter, wins.</param>
/// <param name="ConnectTimeout">Connect plus hello/welcome must finish within this time.</param>
public sealed record BridgeSessionSettings(TimeSpan IdleTimeout, TimeSpan ConnectTimeout, int MaxFrameBytes = BridgeProtocol.DefaultMaxFrameBytes);
