namespace Caisey.Tests.Agent;

/// <summary>A clock the test moves by hand; timers and timestamps stay real.</summary>
public sealed class ManualTimeProvider(DateTimeOffset start) : TimeProvider
{
    private DateTimeOffset _now = start;

    public override DateTimeOffset GetUtcNow() => _now;

    public void Advance(TimeSpan by) => _now += by;
}
