using Caisey.Node.Bridge;
using Caisey.Protocol.Frames;

namespace Caisey.Tests.Bridge;

public sealed class OutboundFramesTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);

    private static Ping Frame(int n) => new($"f-{n}");

    [Fact]
    public void Push_SendsOnTheQueuingThread_WhenNoSendIsRunning()
    {
        var frames = new OutboundFrames();
        var sentOn = new List<int>();
        frames.Attach(_ =>
        {
            sentOn.Add(Environment.CurrentManagedThreadId);
            return ValueTask.CompletedTask;
        });

        Assert.True(frames.TryWrite(Frame(1)));
        Assert.True(frames.TryWrite(Frame(2)));

        // Both left before TryWrite returned, on this thread: no hand-off to a send loop.
        Assert.Equal([Environment.CurrentManagedThreadId, Environment.CurrentManagedThreadId], sentOn);
    }

    [Fact]
    public async Task Push_KeepsQueueOrder_WhenSendsFinishLater_AndManyThreadsQueue()
    {
        var frames = new OutboundFrames();
        var sent = new List<string>();
        var sending = 0;
        var overlapped = false;
        var drained = frames.Attach(async frame =>
        {
            if (Interlocked.Increment(ref sending) > 1)
                overlapped = true;
            await Task.Yield();
            lock (sent)
                sent.Add(frame.Id);
            Interlocked.Decrement(ref sending);
        });
        var queued = new List<string>[4];
        await Task.WhenAll(Enumerable.Range(0, 4).Select(t => Task.Run(() =>
        {
            queued[t] = [];
            for (var i = 0; i < 500; i++)
            {
                var frame = new Ping($"t{t}-{i}");
                Assert.True(frames.TryWrite(frame));
                queued[t].Add(frame.Id);
            }
        })));
        frames.Complete();
        await drained.WaitAsync(Bound);

        Assert.False(overlapped);
        Assert.Equal(2000, sent.Count);
        // Each writer's frames leave in the order it queued them.
        foreach (var mine in queued)
            Assert.Equal(mine, sent.Where(mine.Contains).ToList());
        Assert.True(frames.IsFinished);
        Assert.False(frames.TryWrite(Frame(9)));
    }

    [Fact]
    public async Task Push_LeavesABurstBeyondTheInlineLimit_ToTheThreadPool()
    {
        var frames = new OutboundFrames();
        var gate = new TaskCompletionSource();
        var sent = 0;
        var drained = frames.Attach(async frame =>
        {
            var n = int.Parse(frame.Id[2..], System.Globalization.CultureInfo.InvariantCulture);
            // Others queue a burst while the first frame is sent; the frames past the inline limit wait for the gate.
            if (n == 0)
            {
                for (var i = 1; i <= 3 * OutboundFrames.InlineLimit; i++)
                    frames.TryWrite(Frame(i));
            }
            if (n >= OutboundFrames.InlineLimit)
                await gate.Task;
            Interlocked.Increment(ref sent);
        });

        // Were the whole burst sent on the queuing thread, this would not return before the gate opens.
        await Task.Run(() => frames.TryWrite(Frame(0))).WaitAsync(Bound);
        Assert.Equal(OutboundFrames.InlineLimit, Volatile.Read(ref sent));

        gate.SetResult();
        frames.Complete();
        await drained.WaitAsync(Bound);
        Assert.Equal(3 * OutboundFrames.InlineLimit + 1, sent);
    }

    [Fact]
    public async Task Push_ASendThatWaits_IsFollowedByWhatWasQueuedMeanwhile()
    {
        var frames = new OutboundFrames();
        var release = new TaskCompletionSource();
        var sent = new List<string>();
        var drained = frames.Attach(async frame =>
        {
            if (frame.Id == "f-0")
                await release.Task;
            sent.Add(frame.Id);
        });
        frames.TryWrite(Frame(0));
        frames.TryWrite(Frame(1));
        frames.TryWrite(Frame(2));
        Assert.Empty(sent);

        release.SetResult();
        frames.Complete();
        await drained.WaitAsync(Bound);
        Assert.Equal(["f-0", "f-1", "f-2"], sent);
    }

    [Fact]
    public async Task Attach_SendsWhatWasQueuedBefore_AndCompletesAfterTheLastSend()
    {
        var frames = new OutboundFrames();
        frames.TryWrite(Frame(1));
        frames.TryWrite(Frame(2));
        frames.Complete();
        var sent = new List<string>();

        await frames.Attach(frame =>
        {
            sent.Add(frame.Id);
            return ValueTask.CompletedTask;
        }).WaitAsync(Bound);

        Assert.Equal(["f-1", "f-2"], sent);
    }

    [Fact]
    public async Task Push_AFailedSendFailsTheDrain_DropsTheRest_AndRefusesNewFrames()
    {
        var frames = new OutboundFrames();
        var gate = new TaskCompletionSource();
        var sent = new List<string>();
        var drained = frames.Attach(async frame =>
        {
            await gate.Task;
            sent.Add(frame.Id);
            throw new IOException("the connection broke");
        });
        frames.TryWrite(Frame(1));
        frames.TryWrite(Frame(2));
        gate.SetResult();

        await Assert.ThrowsAsync<IOException>(() => drained.WaitAsync(Bound));
        Assert.Equal(["f-1"], sent);
        Assert.False(frames.TryWrite(Frame(3)));
        Assert.True(frames.IsFinished);
    }

    [Fact]
    public async Task Complete_WhileASendRuns_CompletesTheDrainOnlyAfterIt()
    {
        var frames = new OutboundFrames();
        var gate = new TaskCompletionSource();
        var drained = frames.Attach(async _ => await gate.Task);
        frames.TryWrite(Frame(1));
        frames.Complete();

        Assert.False(drained.IsCompleted);
        gate.SetResult();
        await drained.WaitAsync(Bound);
    }

    [Fact]
    public async Task Pull_WaitsForAFrame_ThenReadsInOrder_AndFinishesWhenCompletedAndEmpty()
    {
        var frames = new OutboundFrames();
        var waiting = frames.WaitAsync(CancellationToken.None);
        Assert.False(waiting.IsCompleted);

        frames.TryWrite(Frame(1));
        await waiting.WaitAsync(Bound);
        frames.TryWrite(Frame(2));
        frames.Complete();
        Assert.False(frames.IsFinished);

        Assert.True(frames.TryRead(out var first));
        Assert.True(frames.TryRead(out var second));
        Assert.False(frames.TryRead(out _));
        Assert.Equal(["f-1", "f-2"], new[] { first.Id, second.Id });
        Assert.True(frames.IsFinished);
        Assert.True(frames.WaitAsync(CancellationToken.None).IsCompleted);
    }

    [Fact]
    public async Task Pull_AWaitEndsWithCompletion_OrWithItsToken()
    {
        var frames = new OutboundFrames();
        using var cancel = new CancellationTokenSource();
        var cancelled = frames.WaitAsync(cancel.Token);
        cancel.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled.WaitAsync(Bound));

        var waiting = frames.WaitAsync(CancellationToken.None);
        frames.Complete();
        await waiting.WaitAsync(Bound);
        Assert.True(frames.IsFinished);
    }

    [Fact]
    public void Attach_Twice_IsRefused()
    {
        var frames = new OutboundFrames();
        frames.Attach(_ => ValueTask.CompletedTask);
        var error = Record.Exception(() => _ = frames.Attach(_ => ValueTask.CompletedTask).Id);
        Assert.IsType<InvalidOperationException>(error);
    }
}
