using Caisey.Node.Approvals;
using Caisey.Node.Endpoints;

namespace Caisey.Node.Api;

/// <summary>
/// The machine's approval posture (readiness.approval): the effective policy and where consent stands.
/// <c>State</c> ∈ not-required, required (no valid grant), pending, granted, denied, expired.
/// </summary>
public sealed record ApprovalResource(
    bool Required,
    string State,
    string Policy = ApprovalPolicy.None,
    string? RequestId = null,
    string? Reason = null,
    string? RequestedBy = null,
    DateTimeOffset? ExpiresAt = null,
    DateTimeOffset? GrantExpiresAt = null)
{
    public static ApprovalResource NotRequired { get; } = new(false, "not-required");

    public static ApprovalResource From(EndpointApproval? approval, string policy, DateTimeOffset now)
    {
        var required = policy == ApprovalPolicy.RequireConsent;
        if (approval?.Pending is { } pending && pending.ExpiresAt > now)
            return new(required, "pending", policy, pending.RequestId, pending.Reason, pending.RequestedBy, pending.ExpiresAt, approval.Grant?.ExpiresAt);
        if (approval?.Grant is { } grant && grant.ExpiresAt > now)
            return new(required, "granted", policy, grant.RequestId, GrantExpiresAt: grant.ExpiresAt);
        if (approval?.LastAnswer is "denied" or "expired" && required)
            return new(required, approval.LastAnswer, policy);
        return new(required, required ? "required" : "not-required", policy);
    }
}
