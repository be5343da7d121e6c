namespace Caisey.Node.Endpoints;

/// <summary>A consent request waiting for the end user's answer on the machine. No answer by <see cref="ExpiresAt"/> means no.</summary>
public sealed record ApprovalRequestRecord(string RequestId, string Scope, string Reason, string RequestedBy, DateTimeOffset RequestedAt, DateTimeOffset ExpiresAt, int GrantMinutes);
