using System.Threading.Channels;

namespace Caisey.Node.Runtime;

/// <summary>One live entity: a single-reader mailbox and the runner that alone touches its state.</summary>
internal sealed partial class EntityCell<TState, TMessage>
    where TState : notnull
{
    private readonly EntityHost<TState, TMessage> _host;
    private readonly Channel<Envelope<TMessage>> _mailbox =
        Channel.CreateUnbounded<Envelope<TMessage>>(new UnboundedChannelOptions { SingleReader = true });
    private readonly ITimer? _idleTimer;
    private int _pending;
    private long _lastActiveTicks;

    public EntityCell(EntityHost<TState, TMessage> host, string entityId, int failures, DateTimeOffset restartAt)
    {
        _host = host;
        EntityId = entityId;
        LruNode = new LinkedListNode<EntityCell<TState, TMessage>>(this);
        _failures = failures;
        _restartAt = restartAt;
        _lastActiveTicks = host.Time.GetUtcNow().UtcTicks;
        if (host.Options.PassivateAfter is not null)
            _idleTimer = host.Time.CreateTimer(_ => host.PassivateIfIdle(this), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    public string EntityId { get; }

    public LinkedListNode<EntityCell<TState, TMessage>> LruNode { get; }

    /// <summary>Messages enqueued and not yet answered (decided ones wait for their events to be durable).</summary>
    public int Pending => Volatile.Read(ref _pending);

    public DateTimeOffset LastActiveAt => new(Interlocked.Read(ref _lastActiveTicks), TimeSpan.Zero);

    /// <summary>Completes when the runner has stopped.</summary>
    public Task Completion { get; private set; } = Task.CompletedTask;

    public void Start(Task predecessor) => Completion = Task.Run(() => RunAsync(predecessor));

    /// <summary>Called under the host's lock, so it never races <see cref="Complete"/>.</summary>
    public void Enqueue(Envelope<TMessage> envelope)
    {
        Interlocked.Increment(ref _pending);
        _mailbox.Writer.TryWrite(envelope);
    }

    /// <summary>Stops accepting messages; the runner processes those already enqueued, then stops.</summary>
    public void Complete() => _mailbox.Writer.TryComplete();

    private async Task RunAsync(Task predecessor)
    {
        try
        {
            // A passivated incarnation may still be draining: only one runner may write this entity's journal.
            await predecessor.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            await PumpAsync();
        }
        finally
        {
            // A snapshot save still running is this incarnation's: the next incarnation (which awaits this runner) and
            // the host's stop (which cancels it through Stopping) wait for it, so none outlives the host or its journal.
            await SnapshotSavedAsync();
            _idleTimer?.Dispose();
            _host.OnStopped(this, _failures, _restartAt);
        }
    }

    private void MarkActive()
    {
        Interlocked.Exchange(ref _lastActiveTicks, _host.Time.GetUtcNow().UtcTicks);
        _idleTimer?.Change(_host.Options.PassivateAfter!.Value, Timeout.InfiniteTimeSpan);
    }
}
