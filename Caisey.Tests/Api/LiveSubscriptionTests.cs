using Caisey.Node.Api;
using Caisey.Node.Auth;

namespace Caisey.Tests.Api;

public sealed class LiveSubscriptionTests
{
    [Fact]
    public void Offer_WhenBufferIsFull_DropsTheOldest_AndCountsDrops()
    {
        using var subscription = new LiveSubscription(new CaiseyUser("tina", Roles.Technician, ["acme"]), 2, _ => { });

        foreach (var n in new[] { 1, 2, 3 })
            subscription.Offer(new LiveEvent(LiveEvent.CommandChanged, "acme", n));
        subscription.Offer(new LiveEvent(LiveEvent.CommandChanged, "globex", 4));

        Assert.True(subscription.Reader.TryRead(out var first));
        Assert.True(subscription.Reader.TryRead(out var second));
        Assert.Equal([2, 3], new[] { first!.Data, second!.Data });
        Assert.False(subscription.Reader.TryRead(out _));
        Assert.Equal(1, subscription.TakeDropped());
        Assert.Equal(0, subscription.TakeDropped());
    }
}
