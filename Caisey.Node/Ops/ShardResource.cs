namespace Caisey.Node.Ops;

/// <summary>A shard in <c>GET /ops/v1/shards</c>.</summary>
public sealed record ShardResource(
    int ShardId, string? OwnerNodeId, long Epoch, DateTimeOffset? LeaseExpiresAt, string? HandoffTo, int LiveEntitiesHere, int KnownEndpoints)
{
    public static ShardResource From(ClusterShard shard) => new(
        shard.ShardId, shard.OwnerNodeId, shard.Epoch, shard.LeaseExpiresAt, shard.HandoffTo, shard.LiveEntitiesHere, shard.KnownEndpoints);
}
