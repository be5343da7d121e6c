namespace Caisey.Node.Endpoints;

/// <summary>The end user's consent: valid for <see cref="Scope"/> until <see cref="ExpiresAt"/>.</summary>
public sealed record ApprovalGrantRecord(string RequestId, string Scope, DateTimeOffset GrantedAt, DateTimeOffset ExpiresAt);
