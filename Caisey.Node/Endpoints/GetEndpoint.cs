namespace Caisey.Node.Endpoints;

/// <summary>Replies with the endpoint's view.</summary>
public sealed record GetEndpoint : IEndpointMessage;
