namespace Caisey.Node.Endpoints;

/// <summary>The command's time to live ran out while it was queued.</summary>
public sealed record CommandExpired(string CommandId, DateTimeOffset At) : ICommandEvent;
