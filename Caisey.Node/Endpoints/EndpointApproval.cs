namespace Caisey.Node.Endpoints;

/// <summary>The endpoint's consent state: at most one pending request and the latest grant.</summary>
public sealed record EndpointApproval(ApprovalRequestRecord? Pending = null, ApprovalGrantRecord? Grant = null, string? LastAnswer = null, DateTimeOffset? LastAnswerAt = null)
{
    public bool HasValidGrant(DateTimeOffset now) => Grant is { } grant && grant.ExpiresAt > now;
}
