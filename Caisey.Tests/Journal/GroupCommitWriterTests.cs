using Caisey.Node.Journal;

namespace Caisey.Tests.Journal;

/// <summary>
/// The writer loop both journals share: batches of what is queued, and the commit delay that lets requests arriving
/// microseconds apart share one commit — applied only when the writer was idle. Delays here are long (hundreds of ms)
/// so that what shares a batch does not depend on the machine's speed.
/// </summary>
public sealed class GroupCommitWriterTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task RequestArrivingDuringTheCommitDelay_SharesTheIdleWritersCommit()
    {
        await using var writer = new RecordingWriter(maxBatchSize: 100, TimeSpan.FromMilliseconds(300));

        var first = writer.Enqueue(new TestRequest("a"));
        var second = Later(TimeSpan.FromMilliseconds(30), () => writer.Enqueue(new TestRequest("b")));
        await Task.WhenAll(first, second).WaitAsync(Bound);

        Assert.Equal([["a", "b"]], writer.Batches);
    }

    [Fact]
    public async Task WithoutACommitDelay_AnIdleWriterCommitsWhatIsQueuedAtOnce()
    {
        await using var writer = new RecordingWriter(maxBatchSize: 100, TimeSpan.Zero);

        await writer.Enqueue(new TestRequest("a")).WaitAsync(Bound);
        await writer.Enqueue(new TestRequest("b")).WaitAsync(Bound);

        Assert.Equal([["a"], ["b"]], writer.Batches);
    }

    [Fact]
    public async Task CommitDelay_EndsAsSoonAsTheBatchIsFull()
    {
        await using var writer = new RecordingWriter(maxBatchSize: 2, TimeSpan.FromMinutes(10));

        var first = writer.Enqueue(new TestRequest("a"));
        var second = writer.Enqueue(new TestRequest("b"));

        await Task.WhenAll(first, second).WaitAsync(Bound);
        Assert.Equal([["a", "b"]], writer.Batches);
    }

    [Fact]
    public async Task WriterThatFindsRequestsQueuedWhenItsBatchEnds_WritesThemWithoutTheDelay()
    {
        await using var writer = new RecordingWriter(maxBatchSize: 100, TimeSpan.FromMilliseconds(300));
        var release = writer.HoldWrites();

        var first = writer.Enqueue(new TestRequest("a"));
        await writer.Writing.WaitAsync(Bound);
        var second = writer.Enqueue(new TestRequest("b"));
        release();
        await Task.WhenAll(first, second).WaitAsync(Bound);

        Assert.Equal([["a"], ["b"]], writer.Batches);
        Assert.True(writer.WaitedBefore["b"] < TimeSpan.FromMilliseconds(250),
            $"the busy writer waited {writer.WaitedBefore["b"].TotalMilliseconds} ms before writing 'b'");
        Assert.True(writer.WaitedBefore["a"] >= TimeSpan.FromMilliseconds(290),
            $"the idle writer waited only {writer.WaitedBefore["a"].TotalMilliseconds} ms before writing 'a'");
    }

    [Fact]
    public async Task RequestCancelledWhileTheWriterLingers_IsDroppedFromTheBatch()
    {
        await using var writer = new RecordingWriter(maxBatchSize: 100, TimeSpan.FromMilliseconds(300));
        using var cancel = new CancellationTokenSource();

        cancel.Cancel();
        var first = writer.Enqueue(new TestRequest("a"));
        var second = Later(TimeSpan.FromMilliseconds(30), () => writer.Enqueue(new TestRequest("b", cancel.Token)));
        await first.WaitAsync(Bound);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => second.WaitAsync(Bound));
        Assert.Equal([["a"]], writer.Batches);
    }

    /// <summary>
    /// Enqueues on a thread of its own after <paramref name="delay"/>: a lingering writer spins on a pool thread, and the
    /// test's own continuations must not wait for the pool to grow.
    /// </summary>
    private static Task<long> Later(TimeSpan delay, Func<Task<long>> enqueue)
    {
        var enqueued = new TaskCompletionSource<Task<long>>(TaskCreationOptions.RunContinuationsAsynchronously);
        new Thread(() =>
        {
            Thread.Sleep(delay);
            enqueued.SetResult(enqueue());
        }) { IsBackground = true }.Start();
        return enqueued.Task.Unwrap();
    }

    private sealed class TestRequest(string id, CancellationToken cancellationToken = default) : WriterRequest(id, cancellationToken);

    /// <summary>Records each batch's ids and when it was written; <see cref="HoldWrites"/> blocks the next write.</summary>
    private sealed class RecordingWriter : GroupCommitWriter<TestRequest>, IAsyncDisposable
    {
        private readonly TaskCompletionSource _writing = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly System.Diagnostics.Stopwatch _clock = System.Diagnostics.Stopwatch.StartNew();
        private TaskCompletionSource? _held;

        public RecordingWriter(int maxBatchSize, TimeSpan commitDelay)
            : base(maxBatchSize, commitDelay) => Start();

        public List<string[]> Batches { get; } = [];

        /// <summary>How long each request waited between being queued and its batch being written.</summary>
        public Dictionary<string, TimeSpan> WaitedBefore { get; } = [];

        public Task Writing => _writing.Task;

        private readonly Dictionary<string, TimeSpan> _queuedAt = [];

        public new Task<long> Enqueue(TestRequest request)
        {
            lock (_queuedAt)
                _queuedAt[request.PersistenceId] = _clock.Elapsed;
            return base.Enqueue(request);
        }

        public Action HoldWrites()
        {
            var held = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _held = held;
            return () => held.TrySetResult();
        }

        protected override string JournalName => "test writer";

        protected override async ValueTask WriteBatchAsync()
        {
            var now = _clock.Elapsed;
            lock (_queuedAt)
            {
                foreach (var request in Batch)
                    WaitedBefore[request.PersistenceId] = now - _queuedAt[request.PersistenceId];
            }
            Batches.Add(Batch.Select(r => r.PersistenceId).ToArray());
            Count(Batch.Count, Batch.Count, 0);
            _writing.TrySetResult();
            if (Interlocked.Exchange(ref _held, null) is { } held)
                await held.Task.ConfigureAwait(false);
            foreach (var request in Batch)
                request.Publish();
        }

        public async ValueTask DisposeAsync() => await StopAsync();
    }
}
