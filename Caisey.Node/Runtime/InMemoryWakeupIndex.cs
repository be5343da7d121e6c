using System.Collections.Concurrent;

namespace Caisey.Node.Runtime;

/// <summary>A wake-up index that lives as long as the process: timers survive passivation, not restarts.</summary>
public sealed class InMemoryWakeupIndex : IWakeupIndex
{
    private readonly ConcurrentDictionary<string, DateTimeOffset> _due = new(StringComparer.Ordinal);

    public ValueTask UpsertAsync(string entityId, DateTimeOffset dueAt, CancellationToken cancellationToken = default)
    {
        _due[entityId] = dueAt;
        return ValueTask.CompletedTask;
    }

    public ValueTask RemoveAsync(string entityId, CancellationToken cancellationToken = default)
    {
        _due.TryRemove(entityId, out _);
        return ValueTask.CompletedTask;
    }

    public ValueTask<IReadOnlyList<Wakeup>> LoadAsync(CancellationToken cancellationToken = default)
    {
        IReadOnlyList<Wakeup> all = [.. _due.Select(kv => new Wakeup(kv.Key, kv.Value)).OrderBy(w => w.DueAt)];
        return ValueTask.FromResult(all);
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
