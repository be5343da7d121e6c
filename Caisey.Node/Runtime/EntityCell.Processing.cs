namespace Caisey.Node.Runtime;

internal sealed partial class EntityCell<TState, TMessage>
{
    private TState? _state;
    private bool _recovered;
    private long _sequenceNr;
    private long _snapshotSequenceNr;
    private int _failures;
    private DateTimeOffset _restartAt;

    private async Task ProcessAsync(Envelope<TMessage> envelope)
    {
        var stopping = _host.Stopping;
        object? reply = null;
        Exception? error = null;
        if (stopping.IsCancellationRequested)
        {
            error = new ObjectDisposedException(nameof(EntityHost<TState, TMessage>), "The entity host is stopping.");
        }
        else if (!envelope.CancellationToken.IsCancellationRequested)
        {
            try
            {
                reply = await DecideAndPersistAsync(envelope, stopping);
            }
            catch (Exception e)
            {
                error = e;
                if (!stopping.IsCancellationRequested)
                    Fail(envelope, e);
            }
            MarkActive();
        }
        // Settled before the caller sees the reply, so that the idle timer finds the entity idle.
        Interlocked.Decrement(ref _pending);
        // Durable before visible: the reply leaves only now.
        if (error is null)
            envelope.Reply?.TrySetResult(reply);
        else
            envelope.Reply?.TrySetException(error);
    }

    private async Task<object?> DecideAndPersistAsync(Envelope<TMessage> envelope, CancellationToken stopping)
    {
        if (!_recovered)
            await RecoverAsync(stopping);
        var behavior = _host.Behavior;
        var now = _host.Time.GetUtcNow();
        var decision = behavior.Decide(_state!, envelope.Message, now);
        if (decision.Events.Count > 0)
        {
            // Apply before appending: an event the behaviour cannot fold never reaches the journal.
            var next = _state!;
            foreach (var @event in decision.Events)
                next = behavior.Apply(next, @event);
            var append = _host.Journal.AppendAsync(EntityId, _sequenceNr, decision.Events, stopping);
            // The new due time is queued right behind the append, so that a journal that keeps the wake-up index in its
            // own batches (SQLite) commits both with one fsync. Should the append fail, the index holds a due time of a
            // state that was not stored: a wake then finds nothing due and the entity's next step rewrites it.
            var wakeup = UpdateWakeupAsync(envelope.IsWake, next, now, stopping);
            try
            {
                _sequenceNr = await append;
            }
            catch
            {
                await wakeup.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                throw;
            }
            _state = next;
            _failures = 0;
            await wakeup;
            await SnapshotIfDueAsync(stopping);
        }
        else
        {
            _failures = 0;
            await UpdateWakeupAsync(envelope.IsWake, _state!, now, stopping);
        }
        foreach (var effect in decision.Effects)
            await PerformAsync(effect, stopping);
        return decision.Reply;
    }

    private void Fail(Envelope<TMessage> envelope, Exception error)
    {
        _recovered = false;
        _state = default;
        _failures++;
        _restartAt = _host.Time.GetUtcNow() + RestartBackoff.NextDelay(_failures, _host.Options.RestartBackoffMin, _host.Options.RestartBackoffMax);
        _host.CountFailure();
        _host.LogFailed(EntityId, _failures, _restartAt, error);
        if (envelope.IsWake)
            _host.Scheduler.RetryAt(EntityId, _restartAt);
    }

    private async Task PerformAsync(object effect, CancellationToken stopping)
    {
        try
        {
            await _host.Effects.HandleAsync(EntityId, effect, stopping);
        }
        catch (Exception e) when (!stopping.IsCancellationRequested)
        {
            _host.LogEffectFailed(EntityId, effect.GetType().Name, e);
        }
    }
}
