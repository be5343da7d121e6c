using Caisey.Node.Runtime;
using static Caisey.Tests.Runtime.CounterBehavior;

namespace Caisey.Tests.Runtime;

public sealed class EntityHostActivationTests
{
    [Fact]
    public async Task Ask_FirstMessage_ActivatesEntityAndRepliesAfterPersisting()
    {
        var node = new CounterHost();
        await using var host = await node.StartAsync();

        var total = await host.AskAsync("c-1", new Add(5)).Within("the first Add to be answered");

        Assert.Equal(5L, total);
        Assert.Equal([new Added(5)], node.Journal.EventsOf("c-1"));
        Assert.Equal(["c-1"], host.LiveEntityIds());
        Assert.Equal(1, host.Stats.Activations);
    }

    [Fact]
    public async Task Recovery_FromSnapshotPlusLaterEvents_DoesNotNeedEventsBeforeTheSnapshot()
    {
        var node = new CounterHost();
        var options = new EntityHostOptions { PassivateAfter = null, SnapshotEvery = 3 };
        await using (var first = await node.StartAsync(options))
        {
            foreach (var amount in new long[] { 1, 2, 3, 4 })
                await first.AskAsync("c-1", new Add(amount)).Within($"Add({amount}) to be answered");
        }
        Assert.Equal([("c-1", 3L)], node.Journal.SnapshotsSaved);
        // Events covered by the snapshot are gone: only the snapshot can bring them back.
        await node.Journal.DeleteToAsync("c-1", 3);

        await using var second = await node.StartAsync(options);
        var state = (State?)await second.AskAsync("c-1", new Get()).Within("the recovered entity to answer Get");

        Assert.Equal(10, state!.Total);
        Assert.Equal(("c-1", 4L), node.Journal.Replays[^1]);
    }

    [Fact]
    public async Task Snapshots_KeepTheNewestTwo_OlderOnesAreDeleted()
    {
        var node = new CounterHost();
        var options = new EntityHostOptions { PassivateAfter = null, SnapshotEvery = 2 };
        await using var host = await node.StartAsync(options);
        for (var i = 1; i <= 9; i++)
        {
            await host.AskAsync("c-1", new Add(i)).Within($"Add({i}) to be answered");
            // Snapshots are saved in the background, one at a time: passivating waits for the save, so the next one is
            // due (not skipped) two events later.
            if (i % 2 == 0)
                await host.DrainAsync(id => id == "c-1").Within($"c-1 to passivate once its snapshot at {i} is saved");
        }

        Assert.Equal([("c-1", 2L), ("c-1", 4L), ("c-1", 6L), ("c-1", 8L)], node.Journal.SnapshotsSaved);
        Assert.Equal([6L, 8L], node.Journal.SnapshotsHeld("c-1"));
    }

    [Fact]
    public async Task Recovery_AfterNewHost_ContinuesSequenceNumbersWithoutConflict()
    {
        var node = new CounterHost();
        await using (var first = await node.StartAsync())
            await first.AskAsync("c-1", new Add(1)).Within("the first Add to be answered");

        await using var second = await node.StartAsync();
        var total = await second.AskAsync("c-1", new Add(2)).Within("an Add after recovery to be answered");

        Assert.Equal(3L, total);
        Assert.Equal(2, await node.Journal.ReadHighestSequenceNrAsync("c-1"));
    }

    [Fact]
    public async Task Messages_SentConcurrently_AreProcessedOneAtATime()
    {
        var node = new CounterHost();
        await using var host = await node.StartAsync();

        var replies = await Task.WhenAll(Enumerable.Range(1, 50).Select(_ => host.AskAsync("c-1", new Add(1))))
            .Within("50 concurrent Adds to be answered");

        // One writer: every expected sequence number matched (no conflict), and each reply saw the previous ones.
        Assert.Equal(Enumerable.Range(1, 50).Select(i => (object?)(long)i).ToHashSet(), replies.ToHashSet());
        Assert.Equal(50, await node.Journal.ReadHighestSequenceNrAsync("c-1"));
    }

    [Fact]
    public async Task DurableBeforeVisible_ReplyAndEffectsWaitUntilTheAppendCompletes()
    {
        var node = new CounterHost();
        await using var host = await node.StartAsync();
        node.Journal.HoldAppends();

        var reply = host.AskAsync("c-1", new Add(7));
        await node.Journal.AppendStarted.Within("the entity to start appending Added(7)");

        Assert.False(reply.IsCompleted, "The reply left before its event was durable.");
        Assert.Empty(node.Effects.All);

        node.Journal.ReleaseAppends();
        Assert.Equal(7L, await reply.Within("the reply once the append completed"));
        Assert.Equal(("c-1", (object)new TotalChanged(7)), Assert.Single(node.Effects.All));
    }

    [Fact]
    public async Task Tell_DeliversWithoutReply_AndEffectsFollow()
    {
        var node = new CounterHost();
        await using var host = await node.StartAsync();

        Assert.True(host.Tell("c-1", new Add(3)));

        await node.Effects.WaitForAsync<TotalChanged>("c-1", e => e.Total == 3, "TotalChanged(3) after a Tell");
    }

    [Fact]
    public async Task Ask_AfterDispose_FailsWithObjectDisposed()
    {
        var node = new CounterHost();
        var host = await node.StartAsync();
        await host.DisposeAsync();

        await Assert.ThrowsAsync<ObjectDisposedException>(() => host.AskAsync("c-1", new Add(1)));
        Assert.False(host.Tell("c-1", new Add(1)));
    }
}
