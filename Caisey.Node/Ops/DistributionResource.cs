namespace Caisey.Node.Ops;

/// <summary>How evenly work is spread: per node (over members that are up or leaving) and per shard.</summary>
public sealed record DistributionResource(
    SpreadResource ShardsPerNode, SpreadResource LiveEntitiesPerNode, SpreadResource EndpointsPerNode, SpreadResource EndpointsPerShard);
