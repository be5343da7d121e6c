using Caisey.Node.Hosting;
using Caisey.Node.Ops;
using Caisey.Node.ReadModels;

namespace Caisey.Node.Cluster;

/// <summary>
/// What the ops CLI shows of a real cluster: members and shard leases as this node's lease manager last read them
/// (refreshed every heartbeat), live entities per shard from this node's host, known endpoints from the fleet view
/// (which every node holds). <c>cluster leave</c> marks a member leaving (it hands its shards off on its next tick);
/// <c>cluster down</c> fences a member now.
/// </summary>
public sealed class LeaseClusterView(ShardLeaseManager manager, ClusterOptions options, NodeRuntime runtime, FleetReadModel fleet) : IClusterView
{
    public string SelfNodeId => manager.NodeId;

    public int ShardCount => options.ShardCount;

    public ValueTask<IReadOnlyList<ClusterMember>> MembersAsync(CancellationToken cancellationToken = default)
    {
        var selfLive = runtime.Endpoints.LiveEntityIds().Count;
        return ValueTask.FromResult<IReadOnlyList<ClusterMember>>(
        [
            .. manager.Members().OrderBy(m => m.NodeId, StringComparer.Ordinal).Select(m => new ClusterMember(
                m.NodeId, m.AdvertisedUrl, m.Status.ToDatabase(), m.HeartbeatAge, m.ShardsOwned,
                m.NodeId == manager.NodeId ? selfLive : m.LiveEntities, Self: m.NodeId == manager.NodeId)),
        ]);
    }

    public ValueTask<IReadOnlyList<ClusterShard>> ShardsAsync(CancellationToken cancellationToken = default)
    {
        var live = new int[ShardCount];
        foreach (var id in runtime.Endpoints.LiveEntityIds())
            live[ShardMap.ShardOf(id, ShardCount)]++;
        var known = new int[ShardCount];
        foreach (var endpoint in fleet.Endpoints())
            known[ShardMap.ShardOf(endpoint.Id, ShardCount)]++;
        var leases = manager.Shards().ToDictionary(s => s.ShardId);
        return ValueTask.FromResult<IReadOnlyList<ClusterShard>>(
        [
            .. Enumerable.Range(0, ShardCount).Select(s => leases.TryGetValue(s, out var lease)
                ? new ClusterShard(s, lease.LiveOwner, lease.Epoch, lease.LeaseExpiresAt, lease.HandoffTo, live[s], known[s])
                : new ClusterShard(s, null, 0, null, null, live[s], known[s])),
        ]);
    }

    public async ValueTask<ClusterActionResult> LeaveAsync(string nodeId, CancellationToken cancellationToken = default)
    {
        if (manager.Members().FirstOrDefault(m => m.NodeId == nodeId) is not { } member)
            return ClusterActionResult.UnknownNode(nodeId);
        if (member.Status != MemberStatus.Up)
            return ClusterActionResult.Refused(nodeId, $"'{nodeId}' is {member.Status.ToDatabase()}, not up: only an up member can leave.");
        try
        {
            await manager.RequestLeaveAsync(nodeId, cancellationToken).ConfigureAwait(false);
        }
        catch (InvalidOperationException e)
        {
            return ClusterActionResult.Refused(nodeId, e.Message);
        }
        return ClusterActionResult.Accepted(nodeId, $"'{nodeId}' is leaving: it hands its {member.ShardsOwned} shards off (entities drain first), then stops heartbeating.");
    }

    public async ValueTask<ClusterActionResult> DownAsync(string nodeId, CancellationToken cancellationToken = default)
    {
        if (manager.Members().FirstOrDefault(m => m.NodeId == nodeId) is null)
            return ClusterActionResult.UnknownNode(nodeId);
        try
        {
            await manager.DownAsync(nodeId, cancellationToken).ConfigureAwait(false);
        }
        catch (InvalidOperationException e)
        {
            return ClusterActionResult.Refused(nodeId, e.Message);
        }
        return ClusterActionResult.Accepted(nodeId, $"'{nodeId}' is down: its leases expired now and move to the other members with a higher epoch; its writes are refused.");
    }
}
