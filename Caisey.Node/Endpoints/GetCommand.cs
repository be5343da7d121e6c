namespace Caisey.Node.Endpoints;

/// <summary>Replies with the command's view.</summary>
public sealed record GetCommand(string CommandId) : IEndpointMessage;
