namespace Caisey.Node.Endpoints;

/// <summary>Cancelling a dispatched or running command was requested; the agent is asked to kill it.</summary>
public sealed record CommandCancelRequested(string CommandId, string RequestedBy, DateTimeOffset At) : ICommandEvent;
