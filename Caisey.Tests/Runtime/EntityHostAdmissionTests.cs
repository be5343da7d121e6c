using Caisey.Node.Runtime;
using static Caisey.Tests.Runtime.CounterBehavior;

namespace Caisey.Tests.Runtime;

/// <summary>The seams a cluster builds shard ownership on: admission (which entities this host may activate) and drain.</summary>
public sealed class EntityHostAdmissionTests
{
    [Fact]
    public async Task Admit_RefusesToActivateAnEntityOfAShardNotOwnedHere_AndStoresNothing()
    {
        var node = new CounterHost();
        await using var host = await node.StartAsync(new EntityHostOptions { Admit = id => id.StartsWith("mine-", StringComparison.Ordinal) });

        Assert.Equal(1L, await host.AskAsync("mine-1", new Add(1)).Within("an admitted entity to answer"));
        var refused = await Assert.ThrowsAsync<EntityNotHostedException>(() => host.AskAsync("theirs-1", new Add(1)));

        Assert.Equal("theirs-1", refused.EntityId);
        Assert.Empty(node.Journal.EventsOf("theirs-1"));
        Assert.False(host.Tell("theirs-1", new Add(1)));
        Assert.Equal(["mine-1"], host.LiveEntityIds());
    }

    [Fact]
    public async Task Drain_LetsQueuedMessagesFinishAndPersist_ThenTheEntityIsGoneAndRefusedOnceNotAdmitted()
    {
        var node = new CounterHost();
        var owned = true;
        await using var host = await node.StartAsync(new EntityHostOptions { Admit = _ => Volatile.Read(ref owned) });
        var asks = Enumerable.Range(1, 50).Select(i => host.AskAsync("e-1", new Add(1))).ToList();

        Volatile.Write(ref owned, false); // the shard is being handed off: no new activations
        await host.DrainAsync(id => id == "e-1").Within("the drain to finish");

        Assert.All(asks, a => Assert.True(a.IsCompletedSuccessfully, "every message enqueued before the drain is answered"));
        Assert.Equal(50, node.Journal.EventsOf("e-1").Count);
        Assert.Empty(host.LiveEntityIds());
        await Assert.ThrowsAsync<EntityNotHostedException>(() => host.AskAsync("e-1", new Add(1)));
    }
}
