namespace Caisey.Node.Cluster;

/// <summary>A lease row as an UPDATE … RETURNING gave it back: <paramref name="Owner"/> null when released.</summary>
public readonly record struct ShardLease(int ShardId, string? Owner, long Epoch);

/// <summary>One heartbeat's round trip: this node's status (null when its row is gone), the leases it renewed, the cluster view.</summary>
public sealed record HeartbeatResult(MemberStatus? Status, IReadOnlyList<ShardLease> Renewed, ClusterView View);
