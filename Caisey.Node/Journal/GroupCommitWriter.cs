using System.Threading.Channels;

namespace Caisey.Node.Journal;

/// <summary>
/// A write a <see cref="GroupCommitWriter{TRequest}"/> batches: its outcome is recorded during the batch and published
/// to the caller only after the batch commits (or fails with the commit).
/// </summary>
internal abstract class WriterRequest(string persistenceId, CancellationToken cancellationToken)
{
    private readonly TaskCompletionSource<long> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _result;
    private Exception? _error;

    public string PersistenceId { get; } = persistenceId;

    public CancellationToken CancellationToken { get; } = cancellationToken;

    /// <summary>
    /// Nothing waits on this write but its own entity (an agent's ack of a dispatch): the writer may hold it up to its
    /// linger so that it shares the next commit instead of paying an fsync of its own.
    /// </summary>
    public bool MayWait { get; init; }

    /// <summary>Its place in the writer's queue (1, 2, ...), set when it is queued.</summary>
    internal long Sequence { get; set; }

    public Task<long> Completion => _completion.Task;

    public bool Succeeded => _error is null;

    public void SetOutcome(long result, Exception? error)
    {
        _result = result;
        _error = error;
    }

    /// <summary>Completes the caller's task with the outcome recorded in the batch, or with <paramref name="batchError"/>.</summary>
    public void Publish(Exception? batchError = null)
    {
        var error = batchError ?? _error;
        if (error is null)
            _completion.TrySetResult(_result);
        else
            _completion.TrySetException(error);
    }

    /// <summary>Completes the request as cancelled (its caller gave up before the writer took it).</summary>
    public void Cancel() => _completion.TrySetCanceled(CancellationToken);
}

/// <summary>
/// What both journals' writers share: the single-reader queue, the loop that drains what is queued into one batch of at
/// most <c>maxBatchSize</c> (dropping requests cancelled while they waited) and hands it to <see cref="WriteBatchAsync"/>,
/// the counters, and the test seam that holds the writer before its next batch.
/// </summary>
/// <remarks>
/// A batch of nothing but <see cref="WriterRequest.MayWait"/> requests is held up to <c>linger</c>: the first request
/// that someone waits on ends the hold and commits with them, and so does <see cref="Urge"/> or stopping. A writer
/// never holds a batch that has such a request in it, so the hold costs nothing on a path that waits for its commit.
/// </remarks>
internal abstract class GroupCommitWriter<TRequest>
    where TRequest : WriterRequest
{
    private readonly Channel<TRequest> _channel = Channel.CreateUnbounded<TRequest>(
        new UnboundedChannelOptions { SingleReader = true, AllowSynchronousContinuations = false });
    private readonly int _maxBatchSize;
    private readonly TimeSpan _linger;
    private Task _loop = Task.CompletedTask;
    private volatile TaskCompletionSource? _hold;
    // Set while the writer holds a batch of MayWait requests; completed to end the hold.
    private volatile TaskCompletionSource? _lingering;
    // Requests queued so far, and how many of them an Urge covered (a request queued after an urge is not urged by it).
    private long _enqueued, _urgedUpTo;
    private long _batches, _requests, _appends, _events, _failed, _busyTicks;
    private int _queued;

    protected GroupCommitWriter(int maxBatchSize, TimeSpan linger, TimeProvider time)
    {
        _maxBatchSize = maxBatchSize;
        _linger = linger;
        Time = time;
        Batch = new List<TRequest>(maxBatchSize);
    }

    public JournalWriterStats Stats => new(
        Interlocked.Read(ref _batches), Interlocked.Read(ref _requests), Interlocked.Read(ref _appends),
        Interlocked.Read(ref _events), Interlocked.Read(ref _failed), Interlocked.Read(ref _busyTicks));

    /// <summary>The writer's clock: commit timestamps, and the linger's timer.</summary>
    protected TimeProvider Time { get; }

    /// <summary>The batch being written (owned by the writer loop).</summary>
    protected List<TRequest> Batch { get; }

    /// <summary>Name of the journal, for the error a request queued after disposal gets.</summary>
    protected abstract string JournalName { get; }

    /// <summary>Queues a request; its task completes after the batch that contains it commits.</summary>
    public Task<long> Enqueue(TRequest request)
    {
        Interlocked.Increment(ref _queued);
        request.Sequence = Interlocked.Increment(ref _enqueued);
        if (!_channel.Writer.TryWrite(request))
        {
            Interlocked.Decrement(ref _queued);
            throw new ObjectDisposedException(JournalName, $"The {JournalName} is disposed.");
        }
        if (!request.MayWait)
            _lingering?.TrySetResult();
        return request.Completion;
    }

    /// <summary>Commits the requests queued so far without holding them: something now waits on them.</summary>
    public void Urge()
    {
        var upTo = Interlocked.Read(ref _enqueued);
        for (var seen = Interlocked.Read(ref _urgedUpTo); seen < upTo; seen = Interlocked.Read(ref _urgedUpTo))
        {
            if (Interlocked.CompareExchange(ref _urgedUpTo, upTo, seen) == seen)
                break;
        }
        _lingering?.TrySetResult();
    }

    /// <summary>An urge came after the oldest request of the batch was queued.</summary>
    private bool Urged => Batch.Count > 0 && Interlocked.Read(ref _urgedUpTo) >= Batch[0].Sequence;

    /// <summary>Batches held (their requests all <see cref="WriterRequest.MayWait"/>), counted when the hold begins.</summary>
    internal long HeldBatches => Interlocked.Read(ref _heldBatches);

    private long _heldBatches;

    /// <summary>Requests queued and not yet taken into a batch (a held writer takes none).</summary>
    internal int Queued => Volatile.Read(ref _queued);

    /// <summary>Test seam: holds the writer before its next batch until the returned handle is disposed.</summary>
    internal IDisposable Hold()
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _hold = gate;
        return new HoldHandle(() =>
        {
            _hold = null;
            gate.TrySetResult();
        });
    }

    /// <summary>Starts the writer loop (call once, at the end of the subclass's constructor).</summary>
    protected void Start() => _loop = Task.Run(RunAsync);

    /// <summary>Writes <see cref="Batch"/> and publishes every request's outcome.</summary>
    protected abstract ValueTask WriteBatchAsync();

    /// <summary>Counts a written batch (before its outcomes are published, so a resumed caller sees it counted).</summary>
    protected void Count(long appends, long events, long failed)
    {
        Interlocked.Add(ref _requests, Batch.Count);
        Interlocked.Add(ref _appends, appends);
        Interlocked.Add(ref _events, events);
        Interlocked.Add(ref _failed, failed);
        Interlocked.Increment(ref _batches);
    }

    /// <summary>Refuses new requests, lets the queued ones be written, and waits for the loop to end.</summary>
    protected async Task StopAsync()
    {
        _channel.Writer.TryComplete();
        Urge();
        _hold?.TrySetResult();
        await _loop.ConfigureAwait(false);
    }

    private async Task RunAsync()
    {
        var reader = _channel.Reader;
        while (await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            if (_hold is { } hold)
                await hold.Task.ConfigureAwait(false);
            var mayWait = Drain(reader);
            if (mayWait && _linger > TimeSpan.Zero && Batch.Count is > 0 && Batch.Count < _maxBatchSize)
                await LingerAsync(reader).ConfigureAwait(false);

            if (Batch.Count > 0)
            {
                var started = System.Diagnostics.Stopwatch.GetTimestamp();
                await WriteBatchAsync().ConfigureAwait(false);
                Interlocked.Add(ref _busyTicks, System.Diagnostics.Stopwatch.GetTimestamp() - started);
            }
            Batch.Clear();
        }
    }

    /// <summary>Takes what is queued into the batch; true when every request in it may wait.</summary>
    private bool Drain(ChannelReader<TRequest> reader)
    {
        while (Batch.Count < _maxBatchSize && reader.TryRead(out var request))
        {
            Interlocked.Decrement(ref _queued);
            if (request.CancellationToken.IsCancellationRequested)
                request.Cancel();
            else
                Batch.Add(request);
        }
        return Batch.TrueForAll(static r => r.MayWait);
    }

    /// <summary>Holds a batch of MayWait requests until a request someone waits on comes, <see cref="Urge"/>, stopping, a
    /// full batch, or the linger's end — whichever is first.</summary>
    private async Task LingerAsync(ChannelReader<TRequest> reader)
    {
        if (Urged)
            return;
        var wake = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _lingering = wake;
        // Published before looking again: a request queued from now on ends the wait; one queued before is read here.
        Interlocked.MemoryBarrier();
        try
        {
            if (Drain(reader) && Batch.Count < _maxBatchSize && !Urged)
            {
                Interlocked.Increment(ref _heldBatches);
                await wake.Task.WaitAsync(_linger, Time).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
        finally
        {
            _lingering = null;
        }
        Drain(reader);
    }

    private sealed class HoldHandle(Action release) : IDisposable
    {
        public void Dispose() => release();
    }
}
