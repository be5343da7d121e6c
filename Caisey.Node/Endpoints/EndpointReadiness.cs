namespace Caisey.Node.Endpoints;

/// <summary>Stored readiness from enrollment and check-ins: survives disconnects.</summary>
public sealed record EndpointReadiness(string? Hostname = null, string? Os = null, string? AgentVersion = null, long? UptimeSeconds = null, int? PendingUpdates = null, DateTimeOffset? LastCheckInAt = null);
