using Caisey.Protocol.Frames;

namespace Caisey.Node.Bridge;

/// <summary>
/// A session's frames for the agent, in order, for one consumer: pulled by the long-poll exchange, or pushed to a
/// WebSocket by whoever queues a frame while no send is running. A pushed frame leaves on the queuing thread — no
/// hand-off to a parked send loop — and a send that cannot finish at once continues on the thread pool, taking what
/// was queued meanwhile; so there is one send at a time, in queue order.
/// </summary>
/// <remarks>
/// Replaces an unbounded channel and the send loop parked on it: ~1.2 KiB of every idle connection, and a thread-pool
/// wake-up for every frame sent. The queue is made on the first frame.
/// </remarks>
internal sealed class OutboundFrames
{
    /// <summary>Frames a queuing thread sends before it leaves the rest to the thread pool.</summary>
    internal const int InlineLimit = 8;

    private readonly Lock _lock = new();
    private Queue<Frame>? _queue;
    private bool _completed;
    private bool _sending;
    private Func<Frame, ValueTask>? _send;
    private TaskCompletionSource? _drained;
    private TaskCompletionSource? _available;

    /// <summary>True once completed and every frame was taken (or dropped by a failed push).</summary>
    public bool IsFinished
    {
        get
        {
            lock (_lock)
                return _completed && (_queue is null || _queue.Count == 0);
        }
    }

    /// <summary>Queues a frame; false once completed. In push mode an idle queue sends it now — on this thread when
    /// <paramref name="inline"/>, else on the thread pool.</summary>
    public bool TryWrite(Frame frame, bool inline = true)
    {
        TaskCompletionSource? available;
        bool push;
        lock (_lock)
        {
            if (_completed)
                return false;
            (_queue ??= new Queue<Frame>()).Enqueue(frame);
            available = _available;
            _available = null;
            push = StartPush();
        }
        available?.TrySetResult();
        if (push)
            Push(inline);
        return true;
    }

    /// <summary>No more frames: a pull consumer is told once the queue is empty; a push finishes its sends first.</summary>
    public void Complete()
    {
        TaskCompletionSource? available, drained = null;
        lock (_lock)
        {
            if (_completed)
                return;
            _completed = true;
            available = _available;
            _available = null;
            if (_send is not null && !_sending)
                drained = _drained;
        }
        available?.TrySetResult();
        drained?.TrySetResult();
    }

    /// <summary>Push mode from now on: every frame goes to <paramref name="send"/>, one at a time and in order. The task
    /// completes once the queue is completed and its last frame sent, or fails with the first send that failed (the
    /// frames left are dropped and the queue completed).</summary>
    public Task Attach(Func<Frame, ValueTask> send)
    {
        bool push, done;
        TaskCompletionSource drained;
        lock (_lock)
        {
            if (_send is not null)
                throw new InvalidOperationException("The outbound frames already have a sender.");
            _send = send;
            drained = _drained = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            push = _queue is { Count: > 0 } && !_sending && (_sending = true);
            done = !push && _completed;
        }
        if (push)
            Push(inline: true);
        else if (done)
            drained.TrySetResult();
        return drained.Task;
    }

    /// <summary>Pull mode: takes the oldest frame.</summary>
    public bool TryRead(out Frame frame)
    {
        lock (_lock)
        {
            if (_queue is { Count: > 0 } queue)
            {
                frame = queue.Dequeue();
                return true;
            }
        }
        frame = null!;
        return false;
    }

    /// <summary>Pull mode: completes when a frame waits or the queue is completed (at once if so already).</summary>
    public Task WaitAsync(CancellationToken cancellationToken)
    {
        Task waiting;
        lock (_lock)
        {
            if (_completed || _queue is { Count: > 0 })
                return Task.CompletedTask;
            waiting = (_available ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task;
        }
        return waiting.WaitAsync(cancellationToken);
    }

    /// <summary>Under the lock: true when this caller must start a push (push mode, none running).</summary>
    private bool StartPush()
    {
        if (_send is null || _sending)
            return false;
        _sending = true;
        return true;
    }

    /// <summary>Starts the push on this thread, or on the thread pool without the caller's execution context.</summary>
    private void Push(bool inline)
    {
        if (inline)
            _ = PushAsync(inline: true);
        else
            ThreadPool.UnsafeQueueUserWorkItem(static frames => _ = frames.PushAsync(inline: false), this, preferLocal: false);
    }

    private async Task PushAsync(bool inline)
    {
        var sent = 0;
        while (true)
        {
            Frame? frame = null;
            var finished = false;
            lock (_lock)
            {
                if (_queue is { Count: > 0 } queue)
                    frame = queue.Dequeue();
                else
                {
                    _sending = false;
                    finished = _completed;
                }
            }
            if (frame is null)
            {
                if (finished)
                    _drained!.TrySetResult();
                return;
            }
            try
            {
                // A burst queued behind the caller's own frame goes on on the thread pool, not on the caller's time.
                if (inline && ++sent > InlineLimit)
                {
                    inline = false;
                    await Task.Yield();
                }
                await _send!(frame).ConfigureAwait(false);
            }
            catch (Exception e)
            {
                lock (_lock)
                {
                    _completed = true;
                    _queue = null;
                    _sending = false;
                }
                _drained!.TrySetException(e);
                return;
            }
        }
    }
}
