namespace Caisey.Node.Endpoints;

/// <summary>Replies with what the bridge needs to send the command (<see cref="CommandDispatch"/>), or an unknown-command rejection.</summary>
public sealed record GetDispatch(string CommandId) : IEndpointMessage;
