namespace Caisey.Node.Endpoints;

/// <summary>A frame carrying the command went out (again, for a retry).</summary>
public sealed record MarkDispatched(string CommandId, string? Transport = null) : IEndpointMessage;
