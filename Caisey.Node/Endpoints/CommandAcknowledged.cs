namespace Caisey.Node.Endpoints;

/// <summary>The agent acknowledged the command.</summary>
public sealed record CommandAcknowledged(string CommandId, DateTimeOffset At) : ICommandEvent;
