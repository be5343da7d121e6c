using Caisey.Node.Cluster;
using Caisey.Node.Hosting;
using Caisey.Node.ReadModels;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;

namespace Caisey.Node.Ops;

/// <summary>
/// The cluster of one: this node is the only member (<c>up</c>) and owns every shard at epoch 0 with a lease that does not
/// expire. Live entities come from the endpoint entity host, known endpoints from the fleet read model.
/// Leave and down are refused: there is no membership to change.
/// </summary>
public sealed class SingleNodeClusterView(IOptions<NodeOptions> node, NodeRuntime runtime, FleetReadModel fleet, IServer server) : IClusterView
{
    public const string NotClustered =
        "this node is not part of a cluster (caisey.cluster.enabled is false): it owns every shard and has no members to leave or down.";

    public string SelfNodeId => node.Value.NodeId;

    public int ShardCount => ShardMap.DefaultShardCount;

    public ValueTask<IReadOnlyList<ClusterMember>> MembersAsync(CancellationToken cancellationToken = default) =>
        ValueTask.FromResult<IReadOnlyList<ClusterMember>>(
            [new ClusterMember(SelfNodeId, AdvertisedUrl(), MemberStatus.Up, TimeSpan.Zero, ShardCount, runtime.Endpoints.LiveEntityIds().Count, Self: true)]);

    public ValueTask<IReadOnlyList<ClusterShard>> ShardsAsync(CancellationToken cancellationToken = default)
    {
        var live = new int[ShardCount];
        foreach (var id in runtime.Endpoints.LiveEntityIds())
            live[ShardMap.ShardOf(id, ShardCount)]++;
        var known = new int[ShardCount];
        foreach (var endpoint in fleet.Endpoints())
            known[ShardMap.ShardOf(endpoint.Id, ShardCount)]++;
        return ValueTask.FromResult<IReadOnlyList<ClusterShard>>(
            [.. Enumerable.Range(0, ShardCount).Select(s => new ClusterShard(s, SelfNodeId, 0, null, null, live[s], known[s]))]);
    }

    public ValueTask<ClusterActionResult> LeaveAsync(string nodeId, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(ClusterActionResult.Refused(nodeId, $"Cannot make '{nodeId}' leave: {NotClustered}"));

    public ValueTask<ClusterActionResult> DownAsync(string nodeId, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(ClusterActionResult.Refused(nodeId, $"Cannot mark '{nodeId}' down: {NotClustered}"));

    /// <summary>The address Kestrel really bound (a port 0 resolved), else the first configured URL.</summary>
    private string AdvertisedUrl() =>
        server.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault()
        ?? node.Value.Urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)[0];
}
