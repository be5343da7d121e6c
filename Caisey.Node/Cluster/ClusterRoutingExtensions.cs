using Caisey.Node.Bridge;
using Caisey.Node.Endpoints;
using Caisey.Node.Hosting;
using Caisey.Node.Reachability;
using Caisey.Node.ReadModels;
using Caisey.Node.Storage;

namespace Caisey.Node.Cluster;

/// <summary>The node's side of the cluster: leases (<see cref="ClusterServiceCollectionExtensions.AddCluster"/>), routing, the bus and its fan-out.</summary>
public static class ClusterRoutingExtensions
{
    /// <summary>
    /// When <c>caisey.cluster.enabled</c>: registers the lease manager, the shard listener that admits and drains
    /// entities, request routing to shard owners, the cluster bus and the fleet/reachability/doorbell fan-out.
    /// Call after the bridge and API services are added (it replaces the reachability the API reads).
    /// </summary>
    public static IServiceCollection AddClusterRouting(this IServiceCollection services, IConfiguration configuration)
    {
        var options = ClusterOptions.Bind(configuration);
        if (!options.Enabled)
            return services.AddCluster(configuration);
        services.AddSingleton(sp => new ClusterBus(sp.GetRequiredService<PostgresDatabase>(), options.ResolvedNodeId, sp.GetRequiredService<ILogger<ClusterBus>>()));
        services.AddHostedService<ClusterBusService>();
        services.AddSingleton(sp => new ClusterPeers(sp.GetRequiredService<ClusterBus>(), options.RouteTimeout));
        services.AddSingleton<ClusterRouting>();
        services.AddSingleton<EndpointShardListener>();
        services.AddSingleton(sp => new ClusterReachability(
            sp.GetRequiredService<ReachabilityTracker>(), sp.GetRequiredService<IShardDirectory>(), options));
        services.AddSingleton<IReachabilityTracker>(sp => sp.GetRequiredService<ClusterReachability>());
        services.AddSingleton(sp => new ClusterFleetSync(
            sp.GetRequiredService<ClusterBus>(), sp.GetRequiredService<FleetReadModel>(),
            sp.GetRequiredService<ClusterReachability>(), sp.GetRequiredService<BridgeDoorbell>(),
            sp.GetRequiredService<Commands.CommandOutputStore>()));
        services.AddSingleton<IEndpointEffectSink>(sp => sp.GetRequiredService<ClusterFleetSync>());
        services.AddSingleton(sp => new ClusterFleetRefresh(
            sp.GetRequiredService<ClusterBus>(), sp.GetRequiredService<FleetReadModel>(),
            () => sp.GetRequiredService<Enrollment.EndpointCredentialStore>().All().Select(r => r.EndpointId),
            () => sp.GetRequiredService<NodeRuntime>().Journal, sp.GetRequiredService<ILogger<ClusterFleetRefresh>>()));
        services.AddSingleton<Ops.IClusterView, LeaseClusterView>();
        return services.AddCluster(configuration);
    }

    public static void MapClusterRouting(this WebApplication app)
    {
        if (app.Services.GetRequiredService<ClusterOptions>().Enabled)
            app.MapClusterApi();
    }
}

/// <summary>Starts the cluster bus (and reads the cluster secret) before the node serves; stops it last.</summary>
internal sealed class ClusterBusService(
    ClusterBus bus, ClusterFleetSync sync, ClusterFleetRefresh refresh, ShardLeaseManager manager, EndpointShardListener listener, NodeRuntime runtime) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        _ = (sync, refresh); // constructed here so that they subscribe before any message or reconnect
        // Set here rather than injected: the listener needs the runtime, whose effect sinks need the manager's directory.
        manager.Listener = listener;
        listener.StartSweeping();
        manager.LiveEntities = () => runtime.Endpoints.LiveEntityIds().Count;
        await bus.StartAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task StopAsync(CancellationToken cancellationToken) => await bus.DisposeAsync().ConfigureAwait(false);
}
