namespace Caisey.Node.Api;

/// <summary><c>POST /api/v1/batches</c>: one command spec for many endpoints.</summary>
public sealed record BatchRequest(IReadOnlyList<string>? EndpointIds, CommandSpec? Command);
