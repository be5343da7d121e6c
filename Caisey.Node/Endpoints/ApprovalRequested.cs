namespace Caisey.Node.Endpoints;

public sealed record ApprovalRequested(string RequestId, string Scope, string Reason, string RequestedBy, DateTimeOffset ExpiresAt, int GrantMinutes, DateTimeOffset At);
