using Caisey.Node.Endpoints;
using Caisey.Protocol.Frames;

namespace Caisey.Node.Bridge;

/// <summary>
/// The dispatch loop of one endpoint: a single-reader mailbox, so that asking the entity and sending frames for it
/// happen in order and never on the entity's own task. A command is marked dispatched (durable, attempt n) before
/// its <c>run-command</c> leaves; an unacknowledged one is retried with backoff while the bridge stays open.
/// </summary>
/// <remarks>
/// The mailbox is drained on demand: a post to an idle worker starts one drain on the thread pool, which runs until the
/// queue is empty. Nothing waits while there is no work — a worker exists for every endpoint that ever had a bridge, and
/// an unbounded channel with a reader parked on it was ~1.3 KiB of every idle connection.
/// </remarks>
internal sealed partial class DispatchWorker
{
    private readonly Queue<object> _inbox = new();
    private readonly Dictionary<string, Delivery> _deliveries = new(StringComparer.Ordinal);
    private readonly HashSet<string> _waiting = new(StringComparer.Ordinal);
    private readonly string _endpointId;
    private readonly BridgeDispatcher _context;
    private bool _draining;

    public DispatchWorker(string endpointId, BridgeDispatcher context)
    {
        _endpointId = endpointId;
        _context = context;
    }

    /// <param name="inline">
    /// When the worker is idle, drain on this thread up to the first wait, instead of on a pool thread: for a command
    /// already marked dispatched with its queueing, whose run-command then leaves without a thread hand-off (a wake-up
    /// of a parked thread when the node was idle). Still without the poster's execution context.
    /// </param>
    public void Post(object message, bool inline = false)
    {
        lock (_inbox)
        {
            if (_context.Stopping.IsCancellationRequested)
                return;
            _inbox.Enqueue(message);
            if (_draining)
                return;
            _draining = true;
        }
        if (inline)
        {
            if (ExecutionContext.IsFlowSuppressed())
                _ = DrainAsync();
            else
                using (ExecutionContext.SuppressFlow())
                    _ = DrainAsync();
            return;
        }
        // Not on the poster's execution context (an HTTP request's, an entity's): the drain serves every later post too.
        ThreadPool.UnsafeQueueUserWorkItem(static worker => _ = worker.DrainAsync(), this, preferLocal: false);
    }

    /// <summary>Handles the queued messages in order until none is left (or the node stops).</summary>
    private async Task DrainAsync()
    {
        while (true)
        {
            object? message;
            lock (_inbox)
            {
                if (_context.Stopping.IsCancellationRequested)
                    _inbox.Clear();
                if (!_inbox.TryDequeue(out message))
                {
                    _draining = false;
                    return;
                }
            }
            try
            {
                await HandleAsync(message).ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException && _context.Stopping.IsCancellationRequested)
            {
                // Stopping: the next turn clears the queue.
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                LogFailed(_context.Logger, _endpointId, message.GetType().Name, e);
            }
        }
    }

    private Task HandleAsync(object message) => message switch
    {
        Deliver m => DeliverAsync(m.CommandId, m.Redeliver, m.Dispatched, m.DispatchedOn),
        Cancel m => CancelAsync(m.CommandId),
        SendApproval m => Run(() => SendApprovalRequest(m.Request)),
        Opened m => OpenedAsync(m.Session),
        Closed m => Run(() => SessionClosed(m.Session)),
        Acked m => Run(() => Forget(m.CommandId)),
        AckDeadline m => Run(() => AckMissed(m.CommandId, m.FrameId)),
        RetryDue m => RetryAsync(m.CommandId, m.FrameId),
        _ => Task.CompletedTask,
    };

    private static Task Run(Action action)
    {
        action();
        return Task.CompletedTask;
    }

    /// <param name="Dispatched">Already marked dispatched when it was queued, on <paramref name="DispatchedOn"/>: sent as it is
    /// while the bridge of that transport is open (otherwise asked for again, which makes it attempt 2).</param>
    internal sealed record Deliver(string CommandId, bool Redeliver, CommandDispatch? Dispatched = null, string? DispatchedOn = null);

    internal sealed record Cancel(string CommandId);

    internal sealed record SendApproval(ApprovalRequestRecord Request);

    internal sealed record Opened(BridgeSession Session);

    internal sealed record Closed(BridgeSession Session);

    internal sealed record Acked(string CommandId);

    private sealed record AckDeadline(string CommandId, string FrameId);

    private sealed record RetryDue(string CommandId, string FrameId);

    /// <summary>A run-command out on a bridge, waiting for its ack (and, once the ack is late, for its retry).</summary>
    private sealed class Delivery(BridgeSession session, string frameId, int attempt, ITimer timer)
    {
        public BridgeSession Session { get; } = session;
        public string FrameId { get; } = frameId;
        public int Attempt { get; } = attempt;
        public ITimer Timer { get; set; } = timer;
        public DateTimeOffset? RetryAt { get; set; }
    }
}
