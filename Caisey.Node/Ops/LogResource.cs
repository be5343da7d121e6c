namespace Caisey.Node.Ops;

/// <summary><c>GET /ops/v1/log</c>: the node's most recent log lines, oldest first, from a ring of <see cref="Capacity"/> lines.</summary>
public sealed record LogResource(string NodeId, int Capacity, IReadOnlyList<string> Lines);
