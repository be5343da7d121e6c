namespace Caisey.Node.Endpoints;

/// <summary>The agent started the command.</summary>
public sealed record MarkRunning(string CommandId) : IEndpointMessage;
