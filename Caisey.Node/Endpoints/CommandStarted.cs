namespace Caisey.Node.Endpoints;

/// <summary>The agent started running the command.</summary>
public sealed record CommandStarted(string CommandId, DateTimeOffset At) : ICommandEvent;
