namespace Caisey.Node.Ops;

/// <summary><c>GET /ops/v1/cluster</c>: who answered, whether it runs clustered, and every member.</summary>
public sealed record ClusterResource(string SelfNodeId, bool Clustered, int ShardCount, IReadOnlyList<MemberResource> Members);
