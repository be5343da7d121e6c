namespace Caisey.Node.Runtime;

/// <summary>Counters of an <see cref="EntityHost{TState, TMessage}"/> since it started.</summary>
/// <param name="LiveEntities">Entities active now.</param>
/// <param name="Activations">Entities started (first message, wake-up, or after passivation).</param>
/// <param name="Passivations">Entities stopped for idleness or to respect the live-entity cap.</param>
/// <param name="Failures">Messages whose decide, apply, recovery or append threw.</param>
/// <param name="Restarts">Recoveries of an entity after a failure.</param>
/// <param name="ScheduledWakeups">Entities with a pending wake-up.</param>
public sealed record EntityHostStats(int LiveEntities, long Activations, long Passivations, long Failures, long Restarts, int ScheduledWakeups);
