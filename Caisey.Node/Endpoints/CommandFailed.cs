namespace Caisey.Node.Endpoints;

/// <summary>The command did not complete, for a typed reason.</summary>
public sealed record CommandFailed(string CommandId, FailureReason Reason, string? Detail, int? ExitCode, long OutputBytes, DateTimeOffset At) : ICommandEvent;
