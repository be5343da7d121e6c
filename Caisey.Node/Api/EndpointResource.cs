using Caisey.Node.Reachability;

namespace Caisey.Node.Api;

/// <summary>An endpoint as <c>GET /api/v1/endpoints</c> shows it: the three layers (API.md); <c>EnrolledAt</c> is an addition.</summary>
public sealed record EndpointResource(
    string Id,
    string? Hostname,
    string ClientGroupId,
    ReadinessResource Readiness,
    ReachabilityView Reachability,
    SessionResource Session,
    int PendingCommands,
    DateTimeOffset? EnrolledAt);
