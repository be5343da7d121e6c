namespace Caisey.Node.Endpoints;

/// <summary>Replies with the endpoint's <see cref="EndpointApproval"/>.</summary>
public sealed record GetApproval : IEndpointMessage;
