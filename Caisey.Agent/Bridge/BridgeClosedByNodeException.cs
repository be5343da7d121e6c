namespace Caisey.Agent.Bridge;

/// <summary>
/// The node sent <c>close</c>. <see cref="RetryAfter"/>, when the node gave one, is the earliest time
/// the agent may reconnect; <see cref="ReconnectPolicy"/> treats it as a lower bound.
/// </summary>
public sealed class BridgeClosedByNodeException(string reason, TimeSpan? retryAfter)
    : Exception($"The node closed the bridge: {reason}" + (retryAfter is { } after ? $" (retry after {after.TotalMilliseconds:0} ms)." : "."))
{
    public string Reason { get; } = reason;

    public TimeSpan? RetryAfter { get; } = retryAfter;
}
