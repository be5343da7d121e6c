using Caisey.Node.Endpoints;
using Caisey.Node.Hosting;

namespace Caisey.Node.Cluster;

/// <summary>
/// Where the API, the bridge and enrollment send endpoint messages: the local entity host on a single node, or, in a
/// cluster, the shard's owner (<see cref="ClusterRouting"/>), local or remote — callers never know which.
/// </summary>
public sealed class EndpointGateway(NodeRuntime runtime, IServiceProvider services)
{
    private readonly ClusterRouting? _routing = services.GetService<ClusterRouting>();

    /// <summary>Sends <paramref name="message"/> to the endpoint's entity and returns its reply once its events are durable.</summary>
    /// <exception cref="ObjectDisposedException">This node is stopping.</exception>
    /// <exception cref="ShardUnavailableException">Cluster: no owner answered within the routing timeout.</exception>
    public Task<object?> AskAsync(string endpointId, IEndpointMessage message, CancellationToken cancellationToken = default) =>
        _routing is null
            ? runtime.Endpoints.AskAsync(endpointId, message, cancellationToken)
            : _routing.AskAsync(endpointId, message, cancellationToken);

    /// <summary>
    /// Someone now waits on the endpoint's steps in flight (<see cref="Runtime.Decision.MayDefer"/>: an ack, a started,
    /// held for a later commit): they are committed now, and so are the ones its entity decides until it is idle. A
    /// no-op for an endpoint that is not live here, and on PostgreSQL, whose journal holds nothing.
    /// </summary>
    public void Urge(string endpointId) => runtime.Endpoints.Urge(endpointId);

    /// <summary>Where the endpoint's agent bridge belongs: null when here; otherwise the owner to send the agent to, or
    /// null with <c>Moving</c> while no live node holds its shard.</summary>
    public (ShardOwner? Elsewhere, bool Moving) BridgeTarget(string endpointId)
    {
        if (_routing is null)
            return (null, false);
        var (owner, moving) = _routing.BridgeTarget(endpointId);
        return moving ? (null, true) : owner is { } o && !_routing.IsSelf(o) ? (o, false) : (null, false);
    }
}
