namespace Caisey.Node.Ops;

/// <summary>One node's share in <c>GET /ops/v1/shards/stats</c>: shards it owns, entities live on it, endpoints in its shards.</summary>
public sealed record NodeStatsResource(string NodeId, string Status, int Shards, int LiveEntities, int Endpoints);
