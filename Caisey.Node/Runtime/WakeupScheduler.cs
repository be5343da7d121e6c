namespace Caisey.Node.Runtime;

/// <summary>
/// One per host: keeps every entity's next due time (durably in an <see cref="IWakeupIndex"/>, and in memory)
/// and, with a single timer set for the earliest one, delivers wake-ups to the entities that are due.
/// </summary>
internal sealed class WakeupScheduler : IDisposable
{
    private readonly IWakeupIndex _index;
    private readonly TimeProvider _time;
    private readonly Action<string, DateTimeOffset> _deliver;
    private readonly Lock _gate = new();
    private readonly SortedSet<(DateTimeOffset DueAt, string EntityId)> _queue = [];
    private readonly Dictionary<string, DateTimeOffset> _scheduled = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DateTimeOffset> _stored = new(StringComparer.Ordinal);
    private readonly ITimer _timer;
    private bool _disposed;

    /// <param name="deliver">Called, outside any lock, with the entity id and the time it was woken.</param>
    public WakeupScheduler(IWakeupIndex index, TimeProvider time, Action<string, DateTimeOffset> deliver)
    {
        _index = index;
        _time = time;
        _deliver = deliver;
        _timer = time.CreateTimer(_ => OnTimer(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    public int Count
    {
        get { lock (_gate) return _scheduled.Count; }
    }

    /// <summary>Loads the stored due times (after a node restart) and arms the timer.</summary>
    public async Task LoadAsync(CancellationToken cancellationToken)
    {
        Adopt(await _index.LoadAsync(cancellationToken));
    }

    /// <summary>Schedules wake-ups read from the index (they are already stored) and arms the timer.</summary>
    public void Adopt(IEnumerable<Wakeup> wakeups)
    {
        lock (_gate)
        {
            foreach (var wakeup in wakeups)
            {
                _stored[wakeup.EntityId] = wakeup.DueAt;
                ScheduleLocked(wakeup.EntityId, wakeup.DueAt);
            }
            ArmLocked();
        }
    }

    /// <summary>Records an entity's next due time (null: none), writing the index only when it changed.</summary>
    public async ValueTask SetAsync(string entityId, DateTimeOffset? dueAt, CancellationToken cancellationToken)
    {
        bool changed;
        lock (_gate)
            changed = _stored.TryGetValue(entityId, out var stored) ? stored != dueAt : dueAt is not null;
        if (changed)
        {
            if (dueAt is { } due)
                await _index.UpsertAsync(entityId, due, cancellationToken);
            else
                await _index.RemoveAsync(entityId, cancellationToken);
        }
        lock (_gate)
        {
            if (dueAt is { } due)
            {
                _stored[entityId] = due;
                ScheduleLocked(entityId, due);
            }
            else
            {
                _stored.Remove(entityId);
                UnscheduleLocked(entityId);
            }
            ArmLocked();
        }
    }

    /// <summary>Schedules another wake-up in memory only (the stored due time stays), e.g. after a failed wake-up.</summary>
    public void RetryAt(string entityId, DateTimeOffset at)
    {
        lock (_gate)
        {
            ScheduleLocked(entityId, at);
            ArmLocked();
        }
    }

    public void Dispose()
    {
        lock (_gate)
            _disposed = true;
        _timer.Dispose();
    }

    private void OnTimer()
    {
        var now = _time.GetUtcNow();
        var due = new List<string>();
        lock (_gate)
        {
            if (_disposed)
                return;
            while (_queue.Count > 0 && _queue.Min.DueAt <= now)
            {
                var first = _queue.Min;
                _queue.Remove(first);
                _scheduled.Remove(first.EntityId);
                due.Add(first.EntityId);
            }
            ArmLocked();
        }
        foreach (var entityId in due)
            _deliver(entityId, now);
    }

    private void ScheduleLocked(string entityId, DateTimeOffset dueAt)
    {
        UnscheduleLocked(entityId);
        _scheduled[entityId] = dueAt;
        _queue.Add((dueAt, entityId));
    }

    private void UnscheduleLocked(string entityId)
    {
        if (_scheduled.Remove(entityId, out var old))
            _queue.Remove((old, entityId));
    }

    private void ArmLocked()
    {
        if (_disposed)
            return;
        if (_queue.Count == 0)
        {
            _timer.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            return;
        }
        var wait = _queue.Min.DueAt - _time.GetUtcNow();
        _timer.Change(wait > TimeSpan.Zero ? wait : TimeSpan.Zero, Timeout.InfiniteTimeSpan);
    }
}
