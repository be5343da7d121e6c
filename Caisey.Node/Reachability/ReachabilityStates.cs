namespace Caisey.Node.Reachability;

/// <summary>The reachability states of API.md. Only an acknowledged RPC round trip makes an endpoint <see cref="Reachable"/>.</summary>
public static class ReachabilityStates
{
    public const string Reachable = "reachable";
    public const string Connecting = "connecting";
    public const string Retrying = "retrying";
    public const string Unreachable = "unreachable";
    public const string NeverConnected = "never-connected";
}
