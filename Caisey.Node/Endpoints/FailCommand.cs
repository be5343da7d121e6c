namespace Caisey.Node.Endpoints;

/// <summary>The command did not complete. <see cref="FailureReason.Cancelled"/> (the agent killed it) makes it <c>cancelled</c>.</summary>
public sealed record FailCommand(string CommandId, FailureReason Reason, string? Detail = null, int? ExitCode = null, long OutputBytes = 0) : IEndpointMessage;
