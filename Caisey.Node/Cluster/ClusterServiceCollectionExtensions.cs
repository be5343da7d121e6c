using Caisey.Node.Journal;
using Caisey.Node.Storage;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Caisey.Node.Cluster;

public static class ClusterServiceCollectionExtensions
{
    /// <summary>
    /// Binds and validates <c>caisey.cluster</c> (registers <see cref="ClusterOptions"/> always). When enabled, also registers
    /// the <see cref="ShardLeaseManager"/> as <see cref="IWriteFence"/>, <see cref="IShardDirectory"/> and
    /// <see cref="IClusterOperations"/>, and the hosted service that runs its loop and leaves on shutdown.
    /// </summary>
    /// <remarks>The <see cref="PostgresDatabase"/> comes from <c>caisey.journal.postgres.connection-string</c> unless one is
    /// registered already. An <see cref="IShardOwnershipListener"/> in the container is used when present; otherwise set
    /// <see cref="ShardLeaseManager.Listener"/> before the host starts.</remarks>
    /// <exception cref="InvalidOperationException">The cluster options are invalid (every problem is listed).</exception>
    public static IServiceCollection AddCluster(this IServiceCollection services, IConfiguration configuration)
    {
        var options = ClusterOptions.Bind(configuration);
        var errors = options.Validate();
        if (errors.Count > 0)
            throw new InvalidOperationException("Invalid configuration:" + Environment.NewLine + "  " + string.Join(Environment.NewLine + "  ", errors));
        services.AddSingleton(options);
        if (!options.Enabled)
            return services;
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(_ => new PostgresDatabase(configuration["caisey:journal:postgres:connection-string"] ?? ""));
        services.AddSingleton<ShardLeaseStore>();
        services.AddSingleton(sp => new ShardLeaseManager(
            options, sp.GetRequiredService<ShardLeaseStore>(), sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<ShardLeaseManager>>(), sp.GetService<IShardOwnershipListener>()));
        services.AddSingleton<IWriteFence>(sp => sp.GetRequiredService<ShardLeaseManager>());
        services.AddSingleton<IShardDirectory>(sp => sp.GetRequiredService<ShardLeaseManager>());
        services.AddSingleton<IClusterOperations>(sp => sp.GetRequiredService<ShardLeaseManager>());
        services.AddHostedService<ClusterService>();
        return services;
    }
}
