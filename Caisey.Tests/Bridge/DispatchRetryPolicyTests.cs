using Caisey.Node.Bridge;

namespace Caisey.Tests.Bridge;

public sealed class DispatchRetryPolicyTests
{
    private static readonly DispatchRetryPolicy Policy = new(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30), maxAttempts: 6);

    [Theory]
    [InlineData(1, 1)]
    [InlineData(2, 2)]
    [InlineData(3, 4)]
    [InlineData(5, 16)]
    public void NextDelay_StaysWithinTheExponentialCeiling(int attempt, int ceilingSeconds)
    {
        var random = new Random(42);
        var delays = Enumerable.Range(0, 500).Select(_ => Policy.NextDelay(attempt, random)!.Value).ToArray();
        Assert.All(delays, d => Assert.InRange(d, TimeSpan.Zero, TimeSpan.FromSeconds(ceilingSeconds)));
        // Full jitter: spread over the whole range, not clustered at the ceiling.
        Assert.True(delays.Min() < TimeSpan.FromSeconds(ceilingSeconds * 0.1), $"smallest delay {delays.Min()} for attempt {attempt}");
        Assert.True(delays.Max() > TimeSpan.FromSeconds(ceilingSeconds * 0.9), $"largest delay {delays.Max()} for attempt {attempt}");
    }

    [Fact]
    public void NextDelay_IsCappedAtTheMaximum()
    {
        var capped = new DispatchRetryPolicy(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(5), maxAttempts: 100);
        var random = new Random(7);
        Assert.All(Enumerable.Range(0, 200), _ => Assert.InRange(capped.NextDelay(60, random)!.Value, TimeSpan.Zero, TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public void NextDelay_AfterTheLastAttempt_IsNull()
    {
        Assert.NotNull(Policy.NextDelay(5, new Random(1)));
        Assert.Null(Policy.NextDelay(6, new Random(1)));
    }
}
