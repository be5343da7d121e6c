namespace Caisey.Node.Ops;

/// <summary>202 answer of <c>POST /ops/v1/cluster/leave</c> and <c>/down</c>.</summary>
public sealed record ClusterActionResource(string Node, string Action, string Detail);
