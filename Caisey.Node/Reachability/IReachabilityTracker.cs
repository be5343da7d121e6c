namespace Caisey.Node.Reachability;

/// <summary>Where the API and console read an endpoint's live reachability; the bridge writes it.</summary>
public interface IReachabilityTracker
{
    /// <summary>The endpoint's reachability now (freshness already applied: a stale round trip is not <c>reachable</c>).</summary>
    ReachabilityView Get(string endpointId);

    /// <summary>Raised with the endpoint id whenever its reachability changes.</summary>
    event Action<string>? Changed;
}
