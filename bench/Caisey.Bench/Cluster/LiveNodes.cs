using Caisey.Bench.Bridge;

namespace Caisey.Bench.Cluster;

/// <summary>The nodes the failover bench's background load submits through (the killed one is left out until it is back).</summary>
internal sealed class LiveNodes(BenchCluster cluster)
{
    private volatile int[] _live = [.. Enumerable.Range(0, cluster.Nodes.Count)];
    private long _failures;

    /// <summary>Background commands that were refused, failed or did not succeed in time.</summary>
    public long Failures => Interlocked.Read(ref _failures);

    public NodeClient Pick(int n)
    {
        var live = _live;
        return cluster.Clients[live[n % live.Length]];
    }

    public void Without(int index) => _live = [.. Enumerable.Range(0, cluster.Nodes.Count).Where(i => i != index)];

    public void All() => _live = [.. Enumerable.Range(0, cluster.Nodes.Count)];

    public void Failed() => Interlocked.Increment(ref _failures);
}
