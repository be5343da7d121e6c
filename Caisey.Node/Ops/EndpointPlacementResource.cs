using Caisey.Node.Api;

namespace Caisey.Node.Ops;

/// <summary><c>GET /ops/v1/endpoints/{id}</c>: where an endpoint's entity lives, and its state as the endpoints API shows it.</summary>
/// <param name="LiveHere">Whether its entity is active on the answering node (<see cref="ServedBy"/>).</param>
public sealed record EndpointPlacementResource(
    string Id, int Shard, string? OwnerNodeId, string? OwnerUrl, long Epoch, DateTimeOffset? LeaseExpiresAt,
    bool LiveHere, string ServedBy, EndpointResource Endpoint);
