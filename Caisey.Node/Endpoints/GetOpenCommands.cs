namespace Caisey.Node.Endpoints;

/// <summary>Replies with every command that is not finished, in queue order (<see cref="OpenCommands"/>), for the bridge to (re)deliver.</summary>
public sealed record GetOpenCommands : IEndpointMessage;
