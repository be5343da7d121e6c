namespace Caisey.Node.Runtime;

/// <summary>
/// The runner's pipeline (Akka's <c>persistAsync</c> with an output gate). A message is decided on the entity's newest
/// state, its events are applied and their append is queued at once — the runner goes on to the next message without
/// waiting for the disk. What a step lets out (its effects, then its reply) leaves only once its own append and every
/// earlier one are durable, strictly in message order: nothing is visible before it is on disk, yet consecutive
/// messages share a commit instead of paying one each. Should an append fail, every later step — decided on a state
/// that now never was — fails with it, and the next message recovers the entity from its journal.
/// </summary>
internal sealed partial class EntityCell<TState, TMessage>
{
    /// <summary>The most steps decided and not yet let out; the runner waits for the oldest beyond this.</summary>
    internal const int MaxInFlight = 64;

    private readonly Queue<Step> _inflight = new();
    private TState? _state;
    private bool _recovered;
    // Someone waits on this entity's steps (Urge): its deferred steps are appended as urgent until it is idle.
    private volatile bool _urgent;
    private long _sequenceNr;
    private int _failures;
    private DateTimeOffset _restartAt;
    private Task _wakeupTail = Task.CompletedTask;

    /// <summary>Begins each message as it comes and lets steps out as they become durable, until the mailbox ends.</summary>
    private async Task PumpAsync()
    {
        var reader = _mailbox.Reader;
        Task<bool>? waiting = null;
        while (true)
        {
            if (_inflight.Count > 0 && _inflight.Peek().Persisted.IsCompleted)
            {
                await FinishAsync(_inflight.Dequeue());
                continue;
            }
            if (_inflight.Count < MaxInFlight && reader.TryRead(out var envelope))
            {
                await BeginAsync(envelope);
                continue;
            }
            if (_inflight.Count == 0)
            {
                _urgent = false;
                waiting ??= reader.WaitToReadAsync().AsTask();
                var more = await waiting;
                waiting = null;
                if (!more)
                    return;
                continue;
            }
            var oldest = _inflight.Peek().Persisted;
            if (_inflight.Count >= MaxInFlight || reader.Completion.IsCompleted)
            {
                await oldest.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                continue;
            }
            waiting ??= reader.WaitToReadAsync().AsTask();
            await Task.WhenAny(oldest, waiting);
            if (waiting.IsCompleted)
                waiting = null;
        }
    }

    /// <summary>Decides <paramref name="envelope"/>, applies its events and queues their append (and the new due time).</summary>
    private async Task BeginAsync(Envelope<TMessage> envelope)
    {
        var stopping = _host.Stopping;
        if (stopping.IsCancellationRequested)
        {
            _inflight.Enqueue(Step.Done(envelope, new ObjectDisposedException(nameof(EntityHost<TState, TMessage>), "The entity host is stopping.")));
            return;
        }
        if (envelope.CancellationToken.IsCancellationRequested)
        {
            _inflight.Enqueue(Step.Done(envelope, null));
            return;
        }
        try
        {
            if (!_recovered)
            {
                // Recovery reads the journal: nothing of this entity may still be on its way there.
                await DrainAsync();
                await RecoverAsync(stopping);
            }
            var behavior = _host.Behavior;
            var now = _host.Time.GetUtcNow();
            var decision = behavior.Decide(_state!, envelope.Message, now);
            if (decision.Events.Count == 0)
            {
                _inflight.Enqueue(new Step(envelope, decision, QueueWakeup(envelope.IsWake, _state!, now, stopping), default, 0));
                return;
            }
            // Apply before appending: an event the behaviour cannot fold never reaches the journal. A behaviour that
            // folded them already hands over its result (Decision.State): each fold copies the state's tables.
            var next = _state!;
            if (decision.State is TState folded)
                next = folded;
            else
                foreach (var @event in decision.Events)
                    next = behavior.Apply(next, @event);
            var defer = decision.MayDefer && !_urgent;
            var append = defer
                ? _host.Journal.AppendDeferredAsync(EntityId, _sequenceNr, decision.Events, stopping)
                : _host.Journal.AppendAsync(EntityId, _sequenceNr, decision.Events, stopping);
            // The new due time is queued right behind the append, so that a journal that keeps the wake-up index in its
            // own batches (SQLite) commits both with one fsync. Should the append fail, the index holds a due time of a
            // state that was not stored: a wake then finds nothing due and the entity's next step rewrites it.
            var wakeup = QueueWakeup(envelope.IsWake, next, now, stopping);
            _state = next;
            _sequenceNr += decision.Events.Count;
            _inflight.Enqueue(new Step(envelope, decision, PersistAsync(append, wakeup), next, _sequenceNr));
        }
        catch (Exception e)
        {
            await DrainAsync();
            if (!stopping.IsCancellationRequested)
                Fail(envelope, e);
            MarkActive();
            Complete(envelope, null, e);
        }
    }

    /// <summary>Lets a durable step out: starts a snapshot when due (without waiting for it), effects, then the reply.</summary>
    private async Task FinishAsync(Step step)
    {
        if (step.Decision is not { } decision)
        {
            Complete(step.Envelope, null, step.Error);
            return;
        }
        var stopping = _host.Stopping;
        try
        {
            await step.Persisted;
        }
        catch (Exception e)
        {
            await FailPipelineAsync(step, e, stopping);
            return;
        }
        object? reply = null;
        Exception? error = null;
        try
        {
            _failures = 0;
            if (decision.Events.Count > 0)
                SnapshotIfDue(step.State!, step.SequenceNr, stopping);
            foreach (var effect in decision.Effects)
                await PerformAsync(effect, stopping);
            reply = decision.Reply;
        }
        catch (Exception e)
        {
            // Only while stopping: effect failures are logged otherwise.
            error = e;
        }
        MarkActive();
        Complete(step.Envelope, reply, error);
    }

    /// <summary>An append failed: the entity restarts from its journal, and every step decided after it fails too.</summary>
    private async Task FailPipelineAsync(Step failed, Exception error, CancellationToken stopping)
    {
        if (!stopping.IsCancellationRequested)
            Fail(failed.Envelope, error);
        MarkActive();
        Complete(failed.Envelope, null, error);
        while (_inflight.TryDequeue(out var later))
        {
            // Their appends expected the failed one before them, so none of them can be stored; wait until they are out.
            await later.Persisted.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            if (later.Envelope.IsWake)
                _host.Scheduler.RetryAt(EntityId, _restartAt);
            Complete(later.Envelope, null, later.Decision is null ? later.Error : error);
        }
    }

    /// <summary>Lets out every step in flight (in order).</summary>
    /// <summary>See <see cref="EntityHost{TState, TMessage}.Urge"/>; called from any thread.</summary>
    internal void Urge()
    {
        _urgent = true;
        _host.Journal.CommitDeferredNow();
    }

    private async Task DrainAsync()
    {
        // Whatever of its steps the journal holds (Decision.MayDefer) is waited on now. A reply-only step behind a held
        // one otherwise waits at most the journal's linger; any other append ends the hold.
        if (_inflight.Count > 0)
            _host.Journal.CommitDeferredNow();
        while (_inflight.TryDequeue(out var step))
            await FinishAsync(step);
    }

    /// <summary>Settled before the caller sees the reply, so that the idle timer finds the entity idle.</summary>
    private void Complete(Envelope<TMessage> envelope, object? reply, Exception? error)
    {
        Interlocked.Decrement(ref _pending);
        if (error is null)
            envelope.Reply?.TrySetResult(reply);
        else
            envelope.Reply?.TrySetException(error);
    }

    private static async Task PersistAsync(ValueTask<long> append, Task wakeup)
    {
        try
        {
            await append;
        }
        catch
        {
            await wakeup.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            throw;
        }
        await wakeup;
    }

    /// <summary>Due-time writes of one entity stay in order: one waits for the one before it unless that is done.</summary>
    private Task QueueWakeup(bool afterWake, TState state, DateTimeOffset now, CancellationToken stopping)
    {
        var previous = _wakeupTail;
        _wakeupTail = previous.IsCompleted
            ? UpdateWakeupAsync(afterWake, state, now, stopping)
            : AfterAsync(previous, afterWake, state, now, stopping);
        return _wakeupTail;

        async Task AfterAsync(Task before, bool wake, TState s, DateTimeOffset at, CancellationToken ct)
        {
            await before.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            await UpdateWakeupAsync(wake, s, at, ct);
        }
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

    /// <summary>A message decided and its append queued, waiting to be let out.</summary>
    private sealed class Step(Envelope<TMessage> envelope, Decision? decision, Task persisted, TState? state, long sequenceNr, Exception? error = null)
    {
        public Envelope<TMessage> Envelope { get; } = envelope;

        /// <summary>Null for a message not decided (its caller gave up, or the host is stopping).</summary>
        public Decision? Decision { get; } = decision;

        /// <summary>Completes once the step's events (if any) and due time are stored.</summary>
        public Task Persisted { get; } = persisted;

        /// <summary>The state after this step's events, for a snapshot.</summary>
        public TState? State { get; } = state;

        public long SequenceNr { get; } = sequenceNr;

        public Exception? Error { get; } = error;

        public static Step Done(Envelope<TMessage> envelope, Exception? error) => new(envelope, null, Task.CompletedTask, default, 0, error);
    }
}
