namespace Caisey.Node.Ops;

/// <summary><c>GET /ops/v1/shards/stats</c>: per node, totals and distribution.</summary>
public sealed record ShardStatsResource(
    string SelfNodeId, IReadOnlyList<NodeStatsResource> Nodes, StatsTotalsResource Totals, DistributionResource Distribution)
{
    /// <summary>Endpoints count for the node owning their shard; nodes that left or are down count in the per-node rows but
    /// not in the per-node distribution.</summary>
    public static ShardStatsResource From(string selfNodeId, IReadOnlyList<ClusterMember> members, IReadOnlyList<ClusterShard> shards)
    {
        var nodes = members.Select(m =>
        {
            var owned = shards.Where(s => s.OwnerNodeId == m.NodeId).ToList();
            return new NodeStatsResource(m.NodeId, m.Status, owned.Count, m.LiveEntities, owned.Sum(s => s.KnownEndpoints));
        }).ToList();
        var active = nodes.Where(n => n.Status is MemberStatus.Up or MemberStatus.Leaving).ToList();
        return new ShardStatsResource(
            selfNodeId,
            nodes,
            new StatsTotalsResource(nodes.Count, shards.Count, shards.Count(s => s.OwnerNodeId is null),
                nodes.Sum(n => n.LiveEntities), shards.Sum(s => s.KnownEndpoints)),
            new DistributionResource(
                SpreadResource.Of([.. active.Select(n => n.Shards)]),
                SpreadResource.Of([.. active.Select(n => n.LiveEntities)]),
                SpreadResource.Of([.. active.Select(n => n.Endpoints)]),
                SpreadResource.Of([.. shards.Select(s => s.KnownEndpoints)])));
    }
}
