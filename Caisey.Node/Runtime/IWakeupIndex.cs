namespace Caisey.Node.Runtime;

/// <summary>The durable set of entities' next due times, one per entity, so timers survive passivation and node restarts.</summary>
/// <remarks>
/// One index serves one <see cref="EntityHost{TState, TMessage}"/>. It is derived data: the entity's state is the
/// source of truth and the host rewrites an entry after every message that changes it.
/// </remarks>
public interface IWakeupIndex : IAsyncDisposable
{
    /// <summary>Sets (inserts or replaces) the entity's due time.</summary>
    ValueTask UpsertAsync(string entityId, DateTimeOffset dueAt, CancellationToken cancellationToken = default);

    /// <summary>Removes the entity's due time; no error when there is none.</summary>
    ValueTask RemoveAsync(string entityId, CancellationToken cancellationToken = default);

    /// <summary>All stored due times, earliest first.</summary>
    ValueTask<IReadOnlyList<Wakeup>> LoadAsync(CancellationToken cancellationToken = default);
}
