namespace Caisey.Node.Ops;

/// <summary>One shard and its lease as the ops surface shows it.</summary>
/// <param name="ShardId">0 .. shard count − 1 (<c>ShardMap.ShardOf</c>).</param>
/// <param name="OwnerNodeId">The lease holder; null while unowned.</param>
/// <param name="Epoch">Incremented on every change of owner; journal appends carry it (the write fence).</param>
/// <param name="LeaseExpiresAt">When the lease lapses unless renewed; null when it does not expire (single node).</param>
/// <param name="HandoffTo">The node a graceful leave is handing this shard to; null otherwise.</param>
/// <param name="LiveEntitiesHere">Entities of this shard active on the answering node.</param>
/// <param name="KnownEndpoints">Enrolled endpoints whose id hashes to this shard.</param>
public sealed record ClusterShard(
    int ShardId,
    string? OwnerNodeId,
    long Epoch,
    DateTimeOffset? LeaseExpiresAt,
    string? HandoffTo,
    int LiveEntitiesHere,
    int KnownEndpoints);
