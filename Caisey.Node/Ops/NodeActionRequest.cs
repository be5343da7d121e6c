namespace Caisey.Node.Ops;

/// <summary>Body of <c>POST /ops/v1/cluster/leave</c> and <c>/down</c>: <c>{"node": "node-2"}</c>.</summary>
public sealed record NodeActionRequest(string? Node);
