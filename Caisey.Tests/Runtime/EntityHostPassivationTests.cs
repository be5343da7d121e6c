using Caisey.Node.Runtime;
using static Caisey.Tests.Runtime.CounterBehavior;

namespace Caisey.Tests.Runtime;

public sealed class EntityHostPassivationTests
{
    private static readonly TimeSpan Idle = TimeSpan.FromMinutes(2);

    [Fact]
    public async Task Passivation_AfterIdleTime_StopsEntityAndKeepsState()
    {
        var node = new CounterHost();
        await using var host = await node.StartAsync(new EntityHostOptions { PassivateAfter = Idle });
        await host.AskAsync("c-1", new Add(4)).Within("Add(4) to be answered");

        node.Time.Advance(Idle);

        Assert.Empty(host.LiveEntityIds());
        Assert.Equal(1, host.Stats.Passivations);
        var total = await host.AskAsync("c-1", new Add(1)).Within("Add(1) to reactivate the passivated entity");
        Assert.Equal(5L, total);
        Assert.Equal(2, host.Stats.Activations);
    }

    [Fact]
    public async Task Passivation_IdleClock_RestartsWithEveryMessage()
    {
        var node = new CounterHost();
        await using var host = await node.StartAsync(new EntityHostOptions { PassivateAfter = Idle });
        await host.AskAsync("c-1", new Add(1)).Within("the first Add to be answered");

        node.Time.Advance(Idle - TimeSpan.FromSeconds(1));
        await host.AskAsync("c-1", new Add(1)).Within("the second Add to be answered");
        node.Time.Advance(Idle - TimeSpan.FromSeconds(1));

        Assert.Equal(["c-1"], host.LiveEntityIds());
        node.Time.Advance(TimeSpan.FromSeconds(1));
        Assert.Empty(host.LiveEntityIds());
    }

    [Fact]
    public async Task LiveEntityCap_WhenANewEntityWouldExceedIt_PassivatesTheLeastRecentlyUsedFirst()
    {
        var node = new CounterHost();
        await using var host = await node.StartAsync(new EntityHostOptions { PassivateAfter = null, MaxLiveEntities = 2 });
        await host.AskAsync("a", new Add(1)).Within("a to answer");
        await host.AskAsync("b", new Add(1)).Within("b to answer");
        await host.AskAsync("a", new Add(1)).Within("a to answer again"); // b is now the least recently used

        await host.AskAsync("c", new Add(1)).Within("c to answer");

        Assert.Equal(["a", "c"], host.LiveEntityIds().Order());
        Assert.Equal(1, host.Stats.Passivations);
        var b = (State?)await host.AskAsync("b", new Get()).Within("the evicted b to reactivate");
        Assert.Equal(1, b!.Total);
        Assert.Equal(["b", "c"], host.LiveEntityIds().Order()); // a was then the least recently used
        Assert.Equal(2, host.Stats.LiveEntities);
    }
}
