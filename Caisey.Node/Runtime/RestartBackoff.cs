namespace Caisey.Node.Runtime;

/// <summary>The wait before restarting a failed entity: pure and deterministic.</summary>
public static class RestartBackoff
{
    /// <summary><paramref name="min"/> doubled per consecutive failure after the first, capped at <paramref name="max"/>.</summary>
    public static TimeSpan NextDelay(int consecutiveFailures, TimeSpan min, TimeSpan max)
    {
        if (consecutiveFailures <= 0)
            return TimeSpan.Zero;
        var exponent = Math.Min(consecutiveFailures - 1, 30);
        var ticks = min.Ticks * Math.Pow(2, exponent);
        return ticks >= max.Ticks ? max : TimeSpan.FromTicks((long)ticks);
    }
}
