namespace Caisey.Node.Endpoints;

/// <summary>The command was cancelled (while queued, or killed by the agent on request).</summary>
public sealed record CommandCancelled(string CommandId, string Detail, long OutputBytes, DateTimeOffset At) : ICommandEvent;
