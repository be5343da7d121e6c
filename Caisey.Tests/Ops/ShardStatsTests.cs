using Caisey.Node.Ops;

namespace Caisey.Tests.Ops;

/// <summary>The stats a cluster's <see cref="IClusterView"/> snapshots give, without a cluster: three members, one of them down.</summary>
public sealed class ShardStatsTests
{
    [Fact]
    public void From_CountsPerNode_TotalsAndSpread_LeavingDownNodesOutOfTheSpread()
    {
        ClusterMember[] members =
        [
            new("a", "http://a", MemberStatus.Up, TimeSpan.Zero, 3, 10, Self: true),
            new("b", "http://b", MemberStatus.Leaving, TimeSpan.FromSeconds(1), 1, 4, Self: false),
            new("c", "http://c", MemberStatus.Down, TimeSpan.FromMinutes(5), 0, 0, Self: false),
        ];
        ClusterShard[] shards =
        [
            new(0, "a", 2, null, null, 5, 7), new(1, "a", 1, null, null, 3, 2), new(2, "a", 1, null, null, 2, 0),
            new(3, "b", 4, null, "a", 4, 5), new(4, null, 3, null, null, 0, 1),
        ];

        var stats = ShardStatsResource.From("a", members, shards);

        Assert.Equal([("a", 3, 10, 9), ("b", 1, 4, 5), ("c", 0, 0, 0)], stats.Nodes.Select(n => (n.NodeId, n.Shards, n.LiveEntities, n.Endpoints)));
        Assert.Equal(new StatsTotalsResource(Nodes: 3, Shards: 5, UnownedShards: 1, LiveEntities: 14, Endpoints: 15), stats.Totals);
        Assert.Equal(new SpreadResource(1, 3, 2), stats.Distribution.ShardsPerNode);
        Assert.Equal(new SpreadResource(4, 10, 7), stats.Distribution.LiveEntitiesPerNode);
        Assert.Equal(new SpreadResource(5, 9, 7), stats.Distribution.EndpointsPerNode);
        Assert.Equal(new SpreadResource(0, 7, 3), stats.Distribution.EndpointsPerShard);
    }
}
