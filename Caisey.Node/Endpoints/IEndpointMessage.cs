namespace Caisey.Node.Endpoints;

/// <summary>A message to an endpoint entity (imperative). Replies are <see cref="EndpointView"/>,
/// <see cref="CommandView"/> or <see cref="EndpointRejection"/>.</summary>
public interface IEndpointMessage;
