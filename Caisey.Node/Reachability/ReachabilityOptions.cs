namespace Caisey.Node.Reachability;

/// <summary>How fresh a round trip must be for <c>reachable</c> (part of <c>caisey.bridge</c>).</summary>
public sealed class ReachabilityOptions
{
    /// <summary>An open bridge is <c>reachable</c> only while its last acknowledged round trip (pong or ack) is this recent.</summary>
    public TimeSpan FreshFor { get; init; } = TimeSpan.FromSeconds(15);
}
