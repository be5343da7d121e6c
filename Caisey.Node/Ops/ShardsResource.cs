namespace Caisey.Node.Ops;

/// <summary><c>GET /ops/v1/shards</c>: every shard, in order, as seen by <see cref="SelfNodeId"/>.</summary>
public sealed record ShardsResource(string SelfNodeId, int ShardCount, IReadOnlyList<ShardResource> Shards);
