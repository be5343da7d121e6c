using System.Collections.Concurrent;
using Caisey.Node.Reachability;

namespace Caisey.Node.Cluster;

/// <summary>
/// Reachability on every node of a cluster: an endpoint owned here is read from this node's tracker (its bridge is
/// here); one owned elsewhere from the last view its owner published on the cluster bus. A view from a node that no
/// longer owns the endpoint never says <c>reachable</c>: only an acknowledged round trip on the owner's bridge proves that.
/// </summary>
public sealed class ClusterReachability : IReachabilityTracker, IDisposable
{
    private readonly ReachabilityTracker _local;
    private readonly IShardDirectory _directory;
    private readonly ConcurrentDictionary<string, (string Origin, ReachabilityView View)> _remote = new(StringComparer.Ordinal);

    private readonly string _self;

    public ClusterReachability(ReachabilityTracker local, IShardDirectory directory, ClusterOptions options)
    {
        _self = options.ResolvedNodeId;
        _local = local;
        _directory = directory;
        _local.Changed += OnLocalChanged;
    }

    public event Action<string>? Changed;

    /// <summary>Raised when this node's own tracker changed for an endpoint it owns: publish it to the others.</summary>
    public event Action<string, ReachabilityView>? LocalChanged;

    public ReachabilityView Get(string endpointId)
    {
        var owner = _directory.OwnerOf(endpointId)?.NodeId;
        if ((owner is null || owner == _self) && (_local.Knows(endpointId) || !_remote.ContainsKey(endpointId)))
            return _local.Get(endpointId);
        if (!_remote.TryGetValue(endpointId, out var remote))
            return _local.Get(endpointId);
        if (owner is not null && owner != _self && owner == remote.Origin)
            return remote.View;
        return remote.View.State == ReachabilityStates.Reachable
            ? remote.View with { State = ReachabilityStates.Unreachable, Since = null, LastRttMs = null }
            : remote.View;
    }

    /// <summary>A view published by <paramref name="origin"/>, the node holding the endpoint's bridge.</summary>
    public void ApplyRemote(string origin, string endpointId, ReachabilityView view)
    {
        _remote[endpointId] = (origin, view);
        Changed?.Invoke(endpointId);
    }

    public void Dispose() => _local.Changed -= OnLocalChanged;

    private void OnLocalChanged(string endpointId)
    {
        if (_directory.OwnerOf(endpointId)?.NodeId is null || _directory.OwnerOf(endpointId)?.NodeId == _self)
            LocalChanged?.Invoke(endpointId, _local.Get(endpointId));
        Changed?.Invoke(endpointId);
    }
}
