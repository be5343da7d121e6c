using Caisey.Agent.Bridge;

namespace Caisey.Tests.Agent.Bridge;

public sealed class ReconnectPolicyTests
{
    private static readonly TimeSpan Base = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan Cap = TimeSpan.FromSeconds(30);
    private readonly ReconnectPolicy _policy = new(Base, Cap, maxAuthFailures: 5);

    [Fact]
    public void NextDelay_OverManyAttempts_StaysWithinZeroAndTheCappedExponential()
    {
        var random = new Random(1234);
        for (var attempt = 0; attempt < 200; attempt++)
        {
            for (var sample = 0; sample < 50; sample++)
            {
                var delay = _policy.NextDelay(attempt, new IOException("down"), random);
                var ceiling = TimeSpan.FromTicks((long)Math.Min(Cap.Ticks, Base.Ticks * Math.Pow(2, attempt)));
                Assert.NotNull(delay);
                Assert.InRange(delay.Value, TimeSpan.Zero, ceiling);
            }
        }
    }

    [Fact]
    public void NextDelay_UsesTheFullJitterRange_NotJustTheTop()
    {
        var random = new Random(7);
        var delays = Enumerable.Range(0, 2000).Select(_ => _policy.NextDelay(3, null, random)!.Value).ToList();
        var ceiling = Base * 8;

        Assert.Contains(delays, d => d < ceiling * 0.1);
        Assert.Contains(delays, d => d > ceiling * 0.9);
        Assert.InRange(delays.Average(d => d.TotalMilliseconds), ceiling.TotalMilliseconds * 0.4, ceiling.TotalMilliseconds * 0.6);
    }

    [Fact]
    public void Ceiling_DoublesPerAttempt_UntilTheCap_AndNeverOverflows()
    {
        Assert.Equal(Base, _policy.Ceiling(0));
        Assert.Equal(Base * 2, _policy.Ceiling(1));
        Assert.Equal(Base * 32, _policy.Ceiling(5));
        Assert.Equal(Cap, _policy.Ceiling(6));
        Assert.Equal(Cap, _policy.Ceiling(int.MaxValue));
    }

    [Fact]
    public void NextDelay_HonoursTheNodesRetryAfterHint_AsALowerBound()
    {
        var random = new Random(99);
        var hint = TimeSpan.FromSeconds(45);
        var overload = new BridgeClosedByNodeException("overloaded", hint);

        for (var attempt = 0; attempt < 20; attempt++)
            Assert.Equal(hint, _policy.NextDelay(attempt, overload, random));
        var smallHint = new BridgeClosedByNodeException("busy", TimeSpan.FromMilliseconds(100));
        var delays = Enumerable.Range(0, 500).Select(_ => _policy.NextDelay(8, smallHint, random)!.Value).ToList();
        Assert.All(delays, d => Assert.InRange(d, TimeSpan.FromMilliseconds(100), Cap));
        Assert.Contains(delays, d => d > TimeSpan.FromSeconds(1));
    }

    [Fact]
    public void NextDelay_StopsAfterTooManyCredentialRejectionsInARow_ButNotForOtherErrors()
    {
        var random = new Random(5);
        var rejected = new BridgeUnauthorizedException("401");

        Assert.NotNull(_policy.NextDelay(3, rejected, random));
        Assert.Null(_policy.NextDelay(4, rejected, random));
        Assert.NotNull(_policy.NextDelay(1000, new IOException("down"), random));
    }

    [Fact]
    public void NextDelay_WithTheSameSeed_IsReproducible()
    {
        var first = Enumerable.Range(0, 30).Select(a => _policy.NextDelay(a, null, new Random(11))).ToList();
        var second = Enumerable.Range(0, 30).Select(a => _policy.NextDelay(a, null, new Random(11))).ToList();

        Assert.Equal(first, second);
    }
}
