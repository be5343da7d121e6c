namespace Caisey.Node.Runtime;

public sealed partial class EntityHost<TState, TMessage>
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, EntityCell<TState, TMessage>> _live = new(StringComparer.Ordinal);
    private readonly LinkedList<EntityCell<TState, TMessage>> _lru = [];
    private readonly Dictionary<string, EntityCell<TState, TMessage>> _draining = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (int Failures, DateTimeOffset RestartAt)> _failed = new(StringComparer.Ordinal);
    private bool _stopped;

    private int LiveCount
    {
        get { lock (_gate) return _live.Count; }
    }

    /// <summary>The ids of the entities alive now, least recently used first.</summary>
    public IReadOnlyList<string> LiveEntityIds()
    {
        lock (_gate)
            return [.. _lru.Select(c => c.EntityId)];
    }

    private DeliveryResult Deliver(string entityId, Envelope<TMessage> envelope)
    {
        ArgumentException.ThrowIfNullOrEmpty(entityId);
        lock (_gate)
        {
            if (_stopped)
                return DeliveryResult.Stopped;
            if (!_live.TryGetValue(entityId, out var cell))
            {
                if (Options.Admit is { } admit && !admit(entityId))
                    return DeliveryResult.NotHosted;
                cell = ActivateLocked(entityId);
            }
            _lru.Remove(cell.LruNode);
            _lru.AddLast(cell.LruNode);
            cell.Enqueue(envelope);
            return DeliveryResult.Delivered;
        }
    }

    /// <summary>
    /// Passivates the live entities that <paramref name="selector"/> picks and completes once they have processed every
    /// message already in their mailboxes and stopped (a shard handoff: refuse new messages through
    /// <see cref="EntityHostOptions.Admit"/> first, then drain with this).
    /// </summary>
    public Task DrainAsync(Func<string, bool> selector)
    {
        ArgumentNullException.ThrowIfNull(selector);
        List<Task> runners;
        lock (_gate)
        {
            var cells = _live.Values.Where(c => selector(c.EntityId)).ToList();
            foreach (var cell in cells)
                PassivateLocked(cell);
            runners = [.. _draining.Values.Where(c => selector(c.EntityId)).Select(c => c.Completion)];
        }
        return Task.WhenAll(runners);
    }

    private EntityCell<TState, TMessage> ActivateLocked(string entityId)
    {
        while (_live.Count >= Options.MaxLiveEntities)
        {
            var victim = _lru.FirstOrDefault(c => c.Pending == 0) ?? _lru.First!.Value;
            LogEvicted(victim.EntityId, Options.MaxLiveEntities);
            PassivateLocked(victim);
        }
        var predecessor = _draining.GetValueOrDefault(entityId)?.Completion ?? Task.CompletedTask;
        var failed = _failed.Remove(entityId, out var f) ? f : default;
        var cell = new EntityCell<TState, TMessage>(this, entityId, failed.Failures, failed.RestartAt);
        _live[entityId] = cell;
        _lru.AddLast(cell.LruNode);
        Interlocked.Increment(ref _activations);
        cell.Start(predecessor);
        return cell;
    }

    /// <summary>Called by an entity's idle timer.</summary>
    internal void PassivateIfIdle(EntityCell<TState, TMessage> cell)
    {
        var idleFor = Options.PassivateAfter ?? TimeSpan.MaxValue;
        lock (_gate)
        {
            if (_stopped || !_live.TryGetValue(cell.EntityId, out var current) || current != cell)
                return;
            if (cell.Pending > 0 || Time.GetUtcNow() - cell.LastActiveAt < idleFor)
                return;
            LogPassivated(cell.EntityId, idleFor);
            PassivateLocked(cell);
        }
    }

    /// <summary>Called by a runner when it has stopped.</summary>
    internal void OnStopped(EntityCell<TState, TMessage> cell, int failures, DateTimeOffset restartAt)
    {
        lock (_gate)
        {
            if (_draining.TryGetValue(cell.EntityId, out var draining) && draining == cell)
                _draining.Remove(cell.EntityId);
            if (failures > 0 && !_live.ContainsKey(cell.EntityId))
                _failed[cell.EntityId] = (failures, restartAt);
        }
    }

    private void PassivateLocked(EntityCell<TState, TMessage> cell)
    {
        _live.Remove(cell.EntityId);
        _lru.Remove(cell.LruNode);
        _draining[cell.EntityId] = cell;
        Interlocked.Increment(ref _passivations);
        cell.Complete();
    }

    private List<Task> StopAll()
    {
        lock (_gate)
        {
            _stopped = true;
            var runners = _live.Values.Concat(_draining.Values).Select(c => c.Completion).ToList();
            foreach (var cell in _live.Values)
                cell.Complete();
            _live.Clear();
            _lru.Clear();
            return runners;
        }
    }
}
