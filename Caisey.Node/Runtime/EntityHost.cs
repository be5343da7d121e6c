using Caisey.Node.Journal;
using Microsoft.Extensions.Logging;

namespace Caisey.Node.Runtime;

/// <summary>
/// The shard region of one kind of entity: routes messages to entities by id, activating, recovering,
/// passivating and restarting them, persists their events before anything becomes visible, and wakes them on time.
/// </summary>
/// <remarks>
/// Per message: <c>Decide</c> → <c>Apply</c> → journal append (expected sequence number) → wake-up index → effects →
/// reply; every <see cref="EntityHostOptions.SnapshotEvery"/> events a snapshot is saved in the background. Call
/// <see cref="StartAsync"/> once before use so that stored wake-ups are loaded. The host owns none of its dependencies;
/// disposing it waits for every runner and snapshot save, so dispose it before the journal. The persistence id of an
/// entity is its id.
/// </remarks>
public sealed partial class EntityHost<TState, TMessage> : IAsyncDisposable
    where TState : notnull
{
    private readonly CancellationTokenSource _stopping = new();
    private readonly ILogger _logger;
    private long _activations;
    private long _passivations;
    private long _failures;
    private long _restarts;

    public EntityHost(
        IEntityBehavior<TState, TMessage> behavior,
        IEventJournal journal,
        ISnapshotStore snapshots,
        IWakeupIndex wakeups,
        IEffectHandler effects,
        EntityHostOptions options,
        TimeProvider timeProvider,
        ILogger<EntityHost<TState, TMessage>> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.ThrowIfInvalid();
        Behavior = behavior;
        Journal = journal;
        Snapshots = snapshots;
        Effects = effects;
        Options = options;
        Time = timeProvider;
        _logger = logger;
        Scheduler = new WakeupScheduler(wakeups, timeProvider, DeliverWake);
    }

    internal IEntityBehavior<TState, TMessage> Behavior { get; }
    internal IEventJournal Journal { get; }
    internal ISnapshotStore Snapshots { get; }
    internal IEffectHandler Effects { get; }
    internal EntityHostOptions Options { get; }
    internal TimeProvider Time { get; }
    internal WakeupScheduler Scheduler { get; }
    internal CancellationToken Stopping => _stopping.Token;

    public EntityHostStats Stats => new(
        LiveCount, Interlocked.Read(ref _activations), Interlocked.Read(ref _passivations),
        Interlocked.Read(ref _failures), Interlocked.Read(ref _restarts), Scheduler.Count);

    /// <summary>Loads the wake-up index so that timers set before a restart fire; due ones fire at once.</summary>
    public Task StartAsync(CancellationToken cancellationToken = default) => Scheduler.LoadAsync(cancellationToken);

    /// <summary>Sends a message and returns the entity's reply once the events it caused are durable.</summary>
    /// <exception cref="ObjectDisposedException">The host is stopping.</exception>
    /// <exception cref="EntityNotHostedException"><see cref="EntityHostOptions.Admit"/> refused to activate the entity here.</exception>
    /// <remarks>Fails with the exception that stopped the entity when deciding, applying, recovering or appending throws.
    /// Cancelling stops the wait; a message already taken by the entity is still processed.</remarks>
    public Task<object?> AskAsync(string entityId, TMessage message, CancellationToken cancellationToken = default)
    {
        var reply = new TaskCompletionSource<object?>(TaskCreationOptions.RunContinuationsAsynchronously);
        switch (Deliver(entityId, new Envelope<TMessage>(message, reply, isWake: false, cancellationToken)))
        {
            case DeliveryResult.Stopped:
                reply.TrySetException(new ObjectDisposedException(GetType().Name));
                break;
            case DeliveryResult.NotHosted:
                reply.TrySetException(new EntityNotHostedException(entityId));
                break;
        }
        if (cancellationToken.CanBeCanceled)
        {
            var registration = cancellationToken.Register(() => reply.TrySetCanceled(cancellationToken));
            _ = reply.Task.ContinueWith(_ => registration.Dispose(), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }
        return reply.Task;
    }

    /// <summary>
    /// Someone now waits on the entity's steps in flight, and on those of the messages already sent to it: its held
    /// deferred appends are committed now, and the steps it decides until it is idle again are not deferred
    /// (<see cref="Decision.MayDefer"/>). A no-op for an entity that is not live.
    /// </summary>
    public void Urge(string entityId)
    {
        EntityCell<TState, TMessage>? cell;
        lock (_gate)
            _live.TryGetValue(entityId, out cell);
        cell?.Urge();
    }

    /// <summary>Sends a message without waiting; false when the host is stopping or does not host the entity.</summary>
    public bool Tell(string entityId, TMessage message) =>
        Deliver(entityId, new Envelope<TMessage>(message, null, isWake: false, CancellationToken.None)) == DeliveryResult.Delivered;

    /// <summary>Schedules stored wake-ups (e.g. those of a shard this node just acquired); due ones fire at once.</summary>
    public void AdoptWakeups(IEnumerable<Wakeup> wakeups) => Scheduler.Adopt(wakeups);

    public async ValueTask DisposeAsync()
    {
        var runners = StopAll();
        await _stopping.CancelAsync();
        Scheduler.Dispose();
        await Task.WhenAll(runners);
        _stopping.Dispose();
    }

    internal void CountFailure() => Interlocked.Increment(ref _failures);

    internal void CountRestart() => Interlocked.Increment(ref _restarts);

    private void DeliverWake(string entityId, DateTimeOffset now)
    {
        TMessage wake;
        try
        {
            wake = Behavior.Wake(now);
        }
        catch (Exception e)
        {
            LogWakeFailed(entityId, e);
            return;
        }
        Deliver(entityId, new Envelope<TMessage>(wake, null, isWake: true, CancellationToken.None));
    }
}
