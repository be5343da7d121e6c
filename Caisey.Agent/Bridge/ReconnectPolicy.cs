namespace Caisey.Agent.Bridge;

/// <summary>
/// When to try again after a failed or lost bridge (SignalR's <c>IRetryPolicy</c>, made pure):
/// exponential backoff with full jitter, a cap, the node's retry-after hint as a lower bound, and a
/// stop after too many credential rejections in a row.
/// </summary>
/// <param name="baseDelay">Retry n waits a random time in [0, min(<paramref name="maxDelay"/>, base·2ⁿ)].</param>
/// <param name="maxAuthFailures">Consecutive <see cref="BridgeUnauthorizedException"/>s after which <see cref="NextDelay"/> says stop.</param>
public sealed class ReconnectPolicy(TimeSpan baseDelay, TimeSpan maxDelay, int maxAuthFailures = 5)
{
    public TimeSpan BaseDelay { get; } = baseDelay;

    public TimeSpan MaxDelay { get; } = maxDelay;

    public int MaxAuthFailures { get; } = maxAuthFailures;

    /// <summary>The delay before the next try, or null to stop trying.</summary>
    /// <param name="attempt">How many tries in a row have failed before this one, minus one: 0 after the first failure.</param>
    /// <param name="lastError">Why the last try failed; a <see cref="BridgeClosedByNodeException"/> carries the node's retry-after hint.</param>
    public TimeSpan? NextDelay(int attempt, Exception? lastError, Random random)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(attempt);
        ArgumentNullException.ThrowIfNull(random);
        if (lastError is BridgeUnauthorizedException && attempt + 1 >= MaxAuthFailures)
            return null;
        var ceiling = Ceiling(attempt);
        var jittered = TimeSpan.FromTicks((long)(random.NextDouble() * ceiling.Ticks));
        var hint = (lastError as BridgeClosedByNodeException)?.RetryAfter ?? TimeSpan.Zero;
        return jittered < hint ? hint : jittered;
    }

    /// <summary>min(cap, base·2^attempt): the top of the jitter range of retry <paramref name="attempt"/>.</summary>
    public TimeSpan Ceiling(int attempt)
    {
        var exponential = BaseDelay.Ticks * Math.Pow(2, Math.Min(attempt, 62));
        return exponential >= MaxDelay.Ticks ? MaxDelay : TimeSpan.FromTicks((long)exponential);
    }
}
