namespace Caisey.Node.Endpoints;

/// <summary>One step of a command's lifecycle.</summary>
public sealed record TimelineEntry(CommandStatus Status, DateTimeOffset At, string? Detail);
