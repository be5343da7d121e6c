namespace Caisey.Node.Endpoints;

/// <summary>Asks the end user for consent; while a request is pending, asking again replies with it.</summary>
public sealed record RequestApproval(string RequestId, string Scope, string Reason, string RequestedBy, DateTimeOffset ExpiresAt, int GrantMinutes = 60) : IEndpointMessage;
