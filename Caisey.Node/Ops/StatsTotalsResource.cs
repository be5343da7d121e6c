namespace Caisey.Node.Ops;

/// <summary>Cluster-wide sums in <c>GET /ops/v1/shards/stats</c>; <see cref="UnownedShards"/> have no lease holder.</summary>
public sealed record StatsTotalsResource(int Nodes, int Shards, int UnownedShards, int LiveEntities, int Endpoints);
