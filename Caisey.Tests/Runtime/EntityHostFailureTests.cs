using Caisey.Node.Runtime;
using static Caisey.Tests.Runtime.CounterBehavior;

namespace Caisey.Tests.Runtime;

public sealed class EntityHostFailureTests
{
    internal static readonly EntityHostOptions Options = new()
    {
        PassivateAfter = null,
        RestartBackoffMin = TimeSpan.FromSeconds(1),
        RestartBackoffMax = TimeSpan.FromSeconds(3),
    };

    [Fact]
    public async Task Failure_WhenDecideThrows_FailsThatCallerAndRestartsFromTheJournalWithBackoff()
    {
        var node = new CounterHost();
        await using var host = await node.StartAsync(Options);
        await host.AskAsync("c-1", new Add(2)).Within("Add(2) to be answered");
        var failedAt = node.Time.GetUtcNow();

        await Assert.ThrowsAsync<InvalidOperationException>(() => host.AskAsync("c-1", new Explode()).Within("Explode to fail"));

        var next = host.AskAsync("c-1", new Add(1));
        await node.Time.WaitForTimerAsync(failedAt + Options.RestartBackoffMin).Within("a restart backoff of RestartBackoffMin to start");
        Assert.False(next.IsCompleted, "The entity restarted before its backoff passed.");
        node.Time.Advance(Options.RestartBackoffMin);

        Assert.Equal(3L, await next.Within("Add(1) to be answered after the restart"));
        Assert.Equal(1, host.Stats.Failures);
        Assert.Equal(1, host.Stats.Restarts);
        Assert.Equal([new Added(2), new Added(1)], node.Journal.EventsOf("c-1"));
    }

    [Fact]
    public async Task Failure_WhenAppendFails_CallerGetsTheErrorAndNothingOfItIsVisible()
    {
        var node = new CounterHost();
        await using var host = await node.StartAsync(Options);
        node.Journal.FailNextAppends(1);

        await Assert.ThrowsAsync<IOException>(() => host.AskAsync("c-1", new Add(5)).Within("Add(5) to fail"));

        Assert.Empty(node.Effects.All);
        node.Time.Advance(Options.RestartBackoffMin);
        var state = (State?)await host.AskAsync("c-1", new Get()).Within("Get after the restart");
        Assert.Equal(0, state!.Total);
    }

    [Fact]
    public async Task Failure_Persistent_BacksOffExponentiallyUpToTheMaximumWithoutSpinning()
    {
        var node = new CounterHost();
        await using var host = await node.StartAsync(Options);
        node.Journal.FailNextAppends(int.MaxValue);

        await Assert.ThrowsAsync<IOException>(() => host.AskAsync("c-1", new Add(1)).Within("the first append to fail"));
        var expectedWaits = new[] { 1, 2, 3, 3 }; // min doubled per failure, capped at max
        foreach (var seconds in expectedWaits)
        {
            var wait = TimeSpan.FromSeconds(seconds);
            var ask = host.AskAsync("c-1", new Add(1));
            await node.Time.WaitForTimerAsync(node.Time.GetUtcNow() + wait).Within($"a restart backoff of {seconds} s");
            Assert.False(ask.IsCompleted, $"The entity restarted before its {seconds} s backoff passed.");
            node.Time.Advance(wait);
            await Assert.ThrowsAsync<IOException>(() => ask.Within($"the append after a {seconds} s backoff to fail"));
        }

        // One append attempt per message: no retries behind the callers' backs.
        Assert.Equal(1 + expectedWaits.Length, node.Journal.AppendCalls);
        Assert.Equal(1 + expectedWaits.Length, host.Stats.Failures);
        Assert.Equal(expectedWaits.Length, host.Stats.Restarts);
    }
}
