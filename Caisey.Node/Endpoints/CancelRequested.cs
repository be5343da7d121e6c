namespace Caisey.Node.Endpoints;

/// <summary>Effect: ask the agent to kill the command.</summary>
public sealed record CancelRequested(string EndpointId, string CommandId);
