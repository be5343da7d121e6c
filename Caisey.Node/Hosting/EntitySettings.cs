namespace Caisey.Node.Hosting;

/// <summary><c>caisey.entities</c>: passivation, the live-entity cap and restart backoff.</summary>
public sealed class EntitySettings
{
    public TimeSpan PassivateAfter { get; set; } = TimeSpan.FromMinutes(2);

    public int MaxLive { get; set; } = 100_000;

    public TimeSpan RestartBackoffMin { get; set; } = TimeSpan.FromMilliseconds(200);

    public TimeSpan RestartBackoffMax { get; set; } = TimeSpan.FromSeconds(30);
}
