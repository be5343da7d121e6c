namespace Caisey.Node.Endpoints;

/// <summary>A frame carrying the command went out; <paramref name="Attempt"/> counts from 1.</summary>
public sealed record CommandDispatched(string CommandId, int Attempt, string? Transport, DateTimeOffset At) : ICommandEvent;
