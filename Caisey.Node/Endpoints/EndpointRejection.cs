namespace Caisey.Node.Endpoints;

/// <summary>The reply to a message the endpoint refused; nothing was persisted.</summary>
/// <param name="Command">The command as it stands, when the refusal concerns a known command.</param>
public sealed record EndpointRejection(RejectionCode Code, string Detail, CommandView? Command = null);
