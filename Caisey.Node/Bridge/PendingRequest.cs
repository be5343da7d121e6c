using Caisey.Protocol.Frames;

namespace Caisey.Node.Bridge;

/// <summary>A request frame the node sent and the agent has not acknowledged yet; <see cref="SentAt"/> is a TimeProvider timestamp.</summary>
public sealed record PendingRequest(Frame Frame, long SentAt);
