namespace Caisey.Node.Cluster;

/// <summary>Move <paramref name="ShardId"/> from <paramref name="From"/> to <paramref name="To"/> (null: release it to anyone).</summary>
public readonly record struct ShardHandoff(int ShardId, string From, string? To);

/// <summary>What one node does in a tick: acquire this many free shards, and hand these of its own off.</summary>
public sealed record AllocationPlan(int Acquire, IReadOnlyList<ShardHandoff> Handoffs)
{
    public static readonly AllocationPlan Nothing = new(0, []);
}
