namespace Caisey.Tests.Runtime;

/// <summary>A clock that moves only when told: timers fire, in due order and on the caller's thread, inside <see cref="Advance"/>.</summary>
/// <remarks>A timer set with a zero due time fires at once on the thread pool, as a real timer does.</remarks>
public sealed class FakeTimeProvider(DateTimeOffset start) : TimeProvider
{
    private readonly Lock _gate = new();
    private readonly List<FakeTimer> _timers = [];
    private readonly List<(DateTimeOffset DueAt, TaskCompletionSource Armed)> _waiters = [];
    private DateTimeOffset _now = start;

    public FakeTimeProvider() : this(new DateTimeOffset(2026, 1, 1, 8, 0, 0, TimeSpan.Zero))
    {
    }

    public override DateTimeOffset GetUtcNow()
    {
        lock (_gate) return _now;
    }

    public override TimeZoneInfo LocalTimeZone => TimeZoneInfo.Utc;

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override long GetTimestamp() => GetUtcNow().UtcTicks;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new FakeTimer(this, callback, state);
        lock (_gate)
            _timers.Add(timer);
        timer.Change(dueTime, period);
        return timer;
    }

    /// <summary>Moves the clock forward, firing every timer that falls due on the way at its due time.</summary>
    public void Advance(TimeSpan by)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(by, TimeSpan.Zero);
        DateTimeOffset target;
        lock (_gate)
            target = _now + by;
        while (true)
        {
            FakeTimer? next;
            lock (_gate)
            {
                next = _timers.Where(t => t.DueAt <= target).MinBy(t => t.DueAt);
                if (next is null)
                {
                    _now = target;
                    return;
                }
                if (next.DueAt > _now)
                    _now = next.DueAt!.Value;
                next.DueAt = next.Period > TimeSpan.Zero ? _now + next.Period : null;
            }
            next.Fire();
        }
    }

    /// <summary>Completes when some timer is armed to fire at <paramref name="dueAt"/> (e.g. a backoff the runtime started).</summary>
    public Task WaitForTimerAsync(DateTimeOffset dueAt)
    {
        lock (_gate)
        {
            if (_timers.Any(t => t.DueAt == dueAt))
                return Task.CompletedTask;
            var armed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((dueAt, armed));
            return armed.Task;
        }
    }

    private void Change(FakeTimer timer, TimeSpan dueTime, TimeSpan period)
    {
        var fireNow = false;
        lock (_gate)
        {
            timer.Period = period == Timeout.InfiniteTimeSpan ? TimeSpan.Zero : period;
            timer.DueAt = dueTime == Timeout.InfiniteTimeSpan || timer.Disposed ? null : _now + dueTime;
            if (timer.DueAt == _now)
            {
                fireNow = true;
                timer.DueAt = timer.Period > TimeSpan.Zero ? _now + timer.Period : null;
            }
            else if (timer.DueAt is { } due)
            {
                foreach (var waiter in _waiters.Where(w => w.DueAt == due).ToList())
                {
                    _waiters.Remove(waiter);
                    waiter.Armed.TrySetResult();
                }
            }
        }
        if (fireNow)
            ThreadPool.QueueUserWorkItem(_ => timer.Fire());
    }

    private void Remove(FakeTimer timer)
    {
        lock (_gate)
        {
            timer.Disposed = true;
            timer.DueAt = null;
            _timers.Remove(timer);
        }
    }

    private sealed class FakeTimer(FakeTimeProvider owner, TimerCallback callback, object? state) : ITimer
    {
        public DateTimeOffset? DueAt { get; set; }

        public TimeSpan Period { get; set; }

        public bool Disposed { get; set; }

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            owner.Change(this, dueTime, period);
            return !Disposed;
        }

        public void Fire()
        {
            if (!Disposed)
                callback(state);
        }

        public void Dispose() => owner.Remove(this);

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
