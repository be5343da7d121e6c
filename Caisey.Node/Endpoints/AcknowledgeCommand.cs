namespace Caisey.Node.Endpoints;

/// <summary>The agent acknowledged the command frame.</summary>
public sealed record AcknowledgeCommand(string CommandId) : IEndpointMessage;
