namespace Caisey.Node.Reachability;

/// <summary>The fallback when no bridge registers a tracker: nothing ever connected, so every endpoint is <c>never-connected</c>.</summary>
public sealed class NeverConnectedReachabilityTracker : IReachabilityTracker
{
    public ReachabilityView Get(string endpointId) => ReachabilityView.NeverConnected;

    public event Action<string>? Changed
    {
        add { }
        remove { }
    }
}
