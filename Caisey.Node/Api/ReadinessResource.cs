namespace Caisey.Node.Api;

/// <summary>Stored readiness from check-ins, with <c>Flags</c> such as <c>pending-updates</c>, <c>silent</c>, <c>never-connected</c>.</summary>
public sealed record ReadinessResource(
    DateTimeOffset? LastCheckInAt,
    string? Os,
    string? AgentVersion,
    int? PendingUpdates,
    ApprovalResource Approval,
    IReadOnlyList<string> Flags,
    long? UptimeSeconds);
