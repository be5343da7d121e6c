using Caisey.Node.Runtime;

namespace Caisey.Tests.Runtime;

/// <summary>An effect handler that records every effect and lets a test await a particular one.</summary>
public sealed class RecordingEffects : IEffectHandler
{
    private readonly Lock _gate = new();
    private readonly List<(string EntityId, object Effect)> _effects = [];
    private readonly List<(Func<string, object, bool> Match, TaskCompletionSource<object> Seen)> _waiters = [];

    public IReadOnlyList<(string EntityId, object Effect)> All
    {
        get { lock (_gate) return [.. _effects]; }
    }

    public ValueTask HandleAsync(string entityId, object effect, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            _effects.Add((entityId, effect));
            foreach (var waiter in _waiters.Where(w => w.Match(entityId, effect)).ToList())
            {
                _waiters.Remove(waiter);
                waiter.Seen.TrySetResult(effect);
            }
        }
        return ValueTask.CompletedTask;
    }

    /// <summary>The first effect of type <typeparamref name="T"/> for the entity that matches, already performed or still to come.</summary>
    public async Task<T> WaitForAsync<T>(string entityId, Func<T, bool> match, string expectation)
    {
        Task<object> seen;
        lock (_gate)
        {
            var done = _effects.FirstOrDefault(e => e.EntityId == entityId && e.Effect is T t && match(t));
            if (done.Effect is T found)
                return found;
            var waiter = new TaskCompletionSource<object>(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add(((id, e) => id == entityId && e is T t && match(t), waiter));
            seen = waiter.Task;
        }
        return (T)await seen.Within(expectation);
    }
}
