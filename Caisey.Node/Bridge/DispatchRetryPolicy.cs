namespace Caisey.Node.Bridge;

/// <summary>
/// When to re-dispatch a command the agent did not acknowledge: exponential backoff with full jitter
/// (a uniformly random delay in [0, min(max, base·2^(attempt-1))]), and null (stop) after the last attempt.
/// </summary>
public sealed class DispatchRetryPolicy(TimeSpan baseDelay, TimeSpan maxDelay, int maxAttempts)
{
    /// <param name="attempt">The attempt that just went unacknowledged, from 1.</param>
    /// <param name="random">Source of the jitter (pass a seeded one in tests).</param>
    /// <returns>The wait before the next attempt, or null when <paramref name="attempt"/> was the last.</returns>
    public TimeSpan? NextDelay(int attempt, Random random)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(attempt, 1);
        ArgumentNullException.ThrowIfNull(random);
        if (attempt >= maxAttempts)
            return null;
        var ceiling = Math.Min(maxDelay.Ticks, baseDelay.Ticks * Math.Pow(2, Math.Min(attempt - 1, 30)));
        return TimeSpan.FromTicks((long)(random.NextDouble() * ceiling));
    }
}
