namespace Caisey.Node.Endpoints;

/// <summary>A queued command's not-before time passed: it became dispatchable.</summary>
public sealed record CommandReleased(string CommandId, DateTimeOffset At) : ICommandEvent;
