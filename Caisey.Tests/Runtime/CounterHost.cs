using Caisey.Node.Runtime;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Caisey.Tests.Runtime;

/// <summary>Builds counter hosts over a shared journal, clock and wake-up index, as one node incarnation after another.</summary>
public sealed class CounterHost
{
    public FakeTimeProvider Time { get; } = new();

    public TestJournal Journal { get; } = new();

    public RecordingEffects Effects { get; } = new();

    public CounterBehavior Behavior { get; } = new();

    public IWakeupIndex Wakeups { get; init; } = new InMemoryWakeupIndex();

    public ILogger<EntityHost<CounterBehavior.State, CounterBehavior.IMessage>> Logger { get; init; } =
        NullLogger<EntityHost<CounterBehavior.State, CounterBehavior.IMessage>>.Instance;

    public async Task<EntityHost<CounterBehavior.State, CounterBehavior.IMessage>> StartAsync(EntityHostOptions? options = null)
    {
        var host = new EntityHost<CounterBehavior.State, CounterBehavior.IMessage>(
            Behavior, Journal, Journal, Wakeups, Effects, options ?? new EntityHostOptions { PassivateAfter = null }, Time, Logger);
        await host.StartAsync();
        return host;
    }
}
