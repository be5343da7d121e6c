namespace Caisey.Node.Endpoints;

/// <summary>The endpoint as replies and effects show it (readiness only; reachability and session are live overlays).</summary>
public sealed record EndpointView(string Id, string? ClientGroupId, string? Hostname, DateTimeOffset? EnrolledAt, EndpointReadiness Readiness, int PendingCommands, EndpointApproval? Approval = null);
