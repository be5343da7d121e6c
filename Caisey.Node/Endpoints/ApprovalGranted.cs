namespace Caisey.Node.Endpoints;

public sealed record ApprovalGranted(string RequestId, DateTimeOffset ExpiresAt, DateTimeOffset At);
