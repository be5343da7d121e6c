using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Caisey.Node.Ops;

/// <summary>The ops surface: <see cref="AddOps"/> registers the cluster view (single node unless a cluster registered its
/// own <see cref="IClusterView"/> first), <see cref="MapOps"/> maps <c>/ops/v1</c>.</summary>
public static class OpsExtensions
{
    public static IServiceCollection AddOps(this IServiceCollection services)
    {
        services.TryAddSingleton<IClusterView, SingleNodeClusterView>();
        return services;
    }

    public static WebApplication MapOps(this WebApplication app)
    {
        app.MapOpsApi();
        return app;
    }
}
