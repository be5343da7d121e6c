namespace Caisey.Node.Runtime;

internal sealed partial class EntityCell<TState, TMessage>
{
    private async Task RecoverAsync(CancellationToken stopping)
    {
        if (_failures > 0)
        {
            var wait = _restartAt - _host.Time.GetUtcNow();
            if (wait > TimeSpan.Zero)
                await Task.Delay(wait, _host.Time, stopping);
        }
        var behavior = _host.Behavior;
        var snapshot = await _host.Snapshots.LoadAsync(EntityId, long.MaxValue, stopping);
        var state = snapshot switch
        {
            null => behavior.Initial(EntityId),
            { Snapshot: TState stored } => stored,
            _ => throw new InvalidOperationException(
                $"The snapshot of entity '{EntityId}' at {snapshot.SequenceNr} is a {snapshot.Snapshot.GetType().Name}, not a {typeof(TState).Name}."),
        };
        // A save of this incarnation may still be running (SaveSnapshotAsync): whether this load sees it or the one
        // before, either is the state at a sequence number that is durable, so replaying what follows it is exact.
        var sequenceNr = snapshot?.SequenceNr ?? 0;
        _snapshotSequenceNr = sequenceNr;
        await foreach (var entry in _host.Journal.ReplayAsync(EntityId, sequenceNr + 1, long.MaxValue, long.MaxValue, stopping))
        {
            state = behavior.Apply(state, entry.Event);
            sequenceNr = entry.SequenceNr;
        }
        _state = state;
        _sequenceNr = sequenceNr;
        _recovered = true;
        _host.LogRecovered(EntityId, sequenceNr, _snapshotSequenceNr);
        if (_failures > 0)
        {
            _host.CountRestart();
            _host.LogRestarted(EntityId, _failures);
        }
    }

    private async Task UpdateWakeupAsync(bool afterWake, TState state, DateTimeOffset now, CancellationToken stopping)
    {
        var due = _host.Behavior.NextDueAt(state);
        if (afterWake && due <= now)
        {
            // The behaviour did not clear what woke it: back off instead of waking it in a loop.
            _host.LogDueInPast(EntityId, due.Value, now);
            _host.Scheduler.RetryAt(EntityId, now + _host.Options.RestartBackoffMin);
            return;
        }
        try
        {
            await _host.Scheduler.SetAsync(EntityId, due, stopping);
        }
        catch (Exception e) when (!stopping.IsCancellationRequested)
        {
            _host.LogWakeupIndexFailed(EntityId, e);
            if (due is { } at)
                _host.Scheduler.RetryAt(EntityId, at);
        }
    }
}
