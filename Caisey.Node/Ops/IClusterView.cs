namespace Caisey.Node.Ops;

/// <summary>
/// What the ops surface (<c>/ops/v1</c>, <c>ops</c> CLI) sees of the cluster, and how it steers it: snapshots of the members
/// and of the shard leases, plus graceful leave and forced down. <see cref="SingleNodeClusterView"/> is the single-node
/// implementation; the PostgreSQL cluster provides another over <c>cluster_nodes</c> and <c>cluster_shards</c>.
/// </summary>
/// <remarks>
/// Snapshots are read when asked (no caching contract) and may be slightly stale in a cluster: heartbeats and leases move
/// underneath. <see cref="ShardsAsync"/> returns exactly <see cref="ShardCount"/> shards, ordered by id, so that
/// <c>ShardMap.ShardOf(id, ShardCount)</c> indexes it. Counts of live entities on other members come from what they
/// last reported (their heartbeat); counts "here" are this node's own.
/// Implementations must not throw for an unknown or refused node in <see cref="LeaveAsync"/>/<see cref="DownAsync"/>:
/// they answer with a <see cref="ClusterActionResult"/> whose <see cref="ClusterActionResult.Outcome"/> says why.
/// </remarks>
public interface IClusterView
{
    /// <summary>This node's id (<c>caisey.node.node-id</c> / <c>caisey.cluster.node-id</c>).</summary>
    string SelfNodeId { get; }

    /// <summary>The fixed number of shards entity ids hash to (<c>ShardMap.ShardOf</c>).</summary>
    int ShardCount { get; }

    /// <summary>Every known member, this node included (<see cref="ClusterMember.Self"/>), ordered by node id.</summary>
    ValueTask<IReadOnlyList<ClusterMember>> MembersAsync(CancellationToken cancellationToken = default);

    /// <summary>Every shard (0 .. <see cref="ShardCount"/> − 1, in order) with its lease and this node's counts.</summary>
    ValueTask<IReadOnlyList<ClusterShard>> ShardsAsync(CancellationToken cancellationToken = default);

    /// <summary>Asks <paramref name="nodeId"/> to leave gracefully: it hands its shards off, then stops owning any.</summary>
    ValueTask<ClusterActionResult> LeaveAsync(string nodeId, CancellationToken cancellationToken = default);

    /// <summary>Declares <paramref name="nodeId"/> down: its leases are released at once for other members to take (the
    /// epoch fence keeps a node that is in fact alive from writing).</summary>
    ValueTask<ClusterActionResult> DownAsync(string nodeId, CancellationToken cancellationToken = default);
}
