namespace Caisey.Node.Runtime;

/// <summary>An entity's next due time, as stored in an <see cref="IWakeupIndex"/>.</summary>
public sealed record Wakeup(string EntityId, DateTimeOffset DueAt);
