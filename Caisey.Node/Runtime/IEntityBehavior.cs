namespace Caisey.Node.Runtime;

/// <summary>
/// The pure behaviour of one kind of event-sourced entity: no logger, clock or I/O.
/// </summary>
/// <remarks>
/// <see cref="EntityHost{TState, TMessage}"/> calls these one message at a time per entity.
/// State must be a pure fold of events: recovery replays stored events through <see cref="Apply"/>.
/// A behaviour that throws stops its entity; the host restarts it from the journal with backoff.
/// </remarks>
public interface IEntityBehavior<TState, TMessage>
    where TState : notnull
{
    /// <summary>The state of an entity that has no snapshot and no events.</summary>
    TState Initial(string entityId);

    /// <summary>Decides what a message means: events to persist, effects to perform once they are durable, and a reply.</summary>
    Decision Decide(TState state, TMessage message, DateTimeOffset now);

    /// <summary>Folds one event into the state.</summary>
    TState Apply(TState state, object @event);

    /// <summary>The earliest time at which the entity wants <see cref="Wake"/>, or null for none.</summary>
    /// <remarks>Once the wake-up at that time has been decided, the state must no longer report it as due.</remarks>
    DateTimeOffset? NextDueAt(TState state);

    /// <summary>The message delivered to the entity when its due time has come.</summary>
    TMessage Wake(DateTimeOffset now);
}
