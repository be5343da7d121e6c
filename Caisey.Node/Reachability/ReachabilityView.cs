namespace Caisey.Node.Reachability;

/// <summary>The live reachability overlay of one endpoint (API.md <c>reachability</c>); not journaled.</summary>
public sealed record ReachabilityView(
    string State,
    DateTimeOffset? Since,
    DateTimeOffset? LastContactAt,
    double? LastRttMs,
    DateTimeOffset? NextRetryAt,
    int? Attempt,
    string? Transport)
{
    public static ReachabilityView NeverConnected { get; } = new(ReachabilityStates.NeverConnected, null, null, null, null, null, null);
}
