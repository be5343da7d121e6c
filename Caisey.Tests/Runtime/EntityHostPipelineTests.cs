using Caisey.Node.Journal;
using Caisey.Node.Runtime;
using Caisey.Tests.EndToEnd;
using static Caisey.Tests.Runtime.CounterBehavior;

namespace Caisey.Tests.Runtime;

/// <summary>
/// The runner's pipeline: the next message is decided and its append queued while the previous append is still being
/// written, yet replies and effects leave only once durable, in message order; a failed append takes every later step
/// down with it.
/// </summary>
public sealed class EntityHostPipelineTests
{
    private static EntityHostOptions Options => EntityHostFailureTests.Options;

    [Fact]
    public async Task NextMessage_IsAppendedWhileThePreviousAppendIsStillPending_RepliesWaitAndLeaveInOrder()
    {
        var node = new CounterHost();
        await using var host = await node.StartAsync(Options);
        await host.AskAsync("c-1", new Add(0)).Within("the entity to be live");
        node.Journal.HoldAppends();

        var first = host.AskAsync("c-1", new Add(1));
        var second = host.AskAsync("c-1", new Add(2));
        var read = host.AskAsync("c-1", new Get());
        await Poll.UntilAsync(() => node.Journal.AppendCalls == 3, Waits.Bound, "both appends to be queued while the first is held");

        // Decided on the newest state, but nothing leaves before it is durable — not even a read of that state.
        Assert.False(first.IsCompleted || second.IsCompleted || read.IsCompleted, "A reply left before its events were durable.");
        Assert.Single(node.Effects.All);

        node.Journal.ReleaseAppends();
        Assert.Equal(1L, await first.Within("Add(1) once durable"));
        Assert.Equal(3L, await second.Within("Add(2) once durable"));
        Assert.Equal(3, ((State?)await read.Within("Get after both"))!.Total);
        Assert.Equal([new TotalChanged(0), new TotalChanged(1), new TotalChanged(3)], node.Effects.All.Select(e => e.Effect));
        Assert.Equal([new Added(0), new Added(1), new Added(2)], node.Journal.EventsOf("c-1"));
    }

    [Fact]
    public async Task FailedAppend_FailsEveryLaterStepToo_AndTheEntityRecoversFromTheJournal()
    {
        var node = new CounterHost();
        await using var host = await node.StartAsync(Options);
        await host.AskAsync("c-1", new Add(10)).Within("the entity to be live");
        node.Journal.HoldAppends();
        node.Journal.FailNextAppends(1);

        var failing = host.AskAsync("c-1", new Add(1));
        var later = host.AskAsync("c-1", new Add(2));
        var read = host.AskAsync("c-1", new Get());
        await Poll.UntilAsync(() => node.Journal.AppendCalls == 3, Waits.Bound, "both appends to be queued while the first is held");
        node.Journal.ReleaseAppends();

        await Assert.ThrowsAsync<IOException>(() => failing.Within("Add(1) to fail"));
        // Add(2) was decided on a total of 11 that never was: it must not be stored or answered as if it were.
        await Assert.ThrowsAsync<IOException>(() => later.Within("Add(2) to fail with it"));
        await Assert.ThrowsAsync<IOException>(() => read.Within("the read of that state to fail with it"));
        Assert.Equal([new Added(10)], node.Journal.EventsOf("c-1"));
        Assert.Single(node.Effects.All);

        node.Time.Advance(Options.RestartBackoffMin);
        var next = host.AskAsync("c-1", new Add(5));
        Assert.Equal(15L, await next.Within("Add(5) after the restart, on the recovered total"));
        Assert.Equal(1, host.Stats.Restarts);
    }

    [Fact]
    public async Task ConcurrencyConflict_OnAPipelinedAppend_IsNotStored()
    {
        // A second writer of the same entity (what fencing guards against in a cluster) appends behind the runner's back.
        var node = new CounterHost();
        await using var host = await node.StartAsync(Options);
        await host.AskAsync("c-1", new Add(1)).Within("the entity to be live");
        await node.Journal.AppendAsync("c-1", 1, [new Added(100)]);

        var conflicting = host.AskAsync("c-1", new Add(2));
        var later = host.AskAsync("c-1", new Add(3));

        await Assert.ThrowsAsync<JournalConcurrencyException>(() => conflicting.Within("the conflicting append to fail"));
        await Assert.ThrowsAnyAsync<Exception>(() => later.Within("the step decided after it to fail"));
        Assert.Equal([new Added(1), new Added(100)], node.Journal.EventsOf("c-1"));
    }

    [Fact]
    public async Task DecisionCarryingItsFoldedState_IsNotFoldedAgain_AndThatStateIsTheEntitys()
    {
        var node = new CounterHost();
        await using var host = await node.StartAsync(Options);
        await host.AskAsync("c-1", new Add(1)).Within("the entity to be live");
        var applies = node.Behavior.Applies;

        Assert.Equal(5L, await host.AskAsync("c-1", new AddFolded(4)).Within("AddFolded"));
        Assert.Equal(applies, node.Behavior.Applies);
        Assert.Equal(5, ((State?)await host.AskAsync("c-1", new Get()).Within("Get"))!.Total);

        // Without the state, the runtime folds the event itself.
        await host.AskAsync("c-1", new Add(1)).Within("Add");
        Assert.Equal(applies + 1, node.Behavior.Applies);
        Assert.Equal([new Added(1), new Added(4), new Added(1)], node.Journal.EventsOf("c-1"));
    }
}
