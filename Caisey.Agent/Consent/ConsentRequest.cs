namespace Caisey.Agent.Consent;

/// <summary>A consent request as the agent keeps it in <c>approval.json</c>, with the user's answer once given.</summary>
public sealed record ConsentRequest(
    string RequestId,
    string Scope,
    string Reason,
    string RequestedBy,
    DateTimeOffset ExpiresAt,
    int GrantMinutes,
    bool? Granted = null,
    DateTimeOffset? AnsweredAt = null);
