namespace Caisey.Node.Cluster;

/// <summary>One member as read from <c>cluster_nodes</c>; <paramref name="HeartbeatAge"/> is measured by the database clock.</summary>
public sealed record MemberState(string NodeId, string AdvertisedUrl, MemberStatus Status, TimeSpan HeartbeatAge, int LiveEntities);

/// <summary>One lease row of <c>cluster_shards</c>; <paramref name="LeaseLive"/> is <c>lease_expires_at &gt; clock_timestamp()</c> at read time.</summary>
public sealed record ShardState(int ShardId, string? Owner, long Epoch, DateTimeOffset? LeaseExpiresAt, bool LeaseLive, string? HandoffTo)
{
    /// <summary>The node that holds a live lease on this shard, or null when it is free (unowned or expired).</summary>
    public string? LiveOwner => LeaseLive ? Owner : null;
}

/// <summary>The cluster as one node read it during a tick: every member and every shard.</summary>
public sealed record ClusterView(IReadOnlyList<MemberState> Members, IReadOnlyList<ShardState> Shards)
{
    public static readonly ClusterView Empty = new([], []);
}
