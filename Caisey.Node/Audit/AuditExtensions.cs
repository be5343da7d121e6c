using Caisey.Node.Endpoints;
using Caisey.Node.Hosting;
using Caisey.Node.Storage;
using Microsoft.Extensions.Options;

namespace Caisey.Node.Audit;

/// <summary>The audit log: services with <see cref="AddAudit"/> (after <c>AddApi</c>: it reads the fleet read model),
/// routes with <see cref="MapAudit"/>.</summary>
public static class AuditExtensions
{
    public const string FileName = "audit.db";

    public static IServiceCollection AddAudit(this IServiceCollection services)
    {
        // On postgres the cluster's one chain (NodeStorage migrates it at start), else this node's audit.db.
        services.AddSingleton(sp => sp.GetRequiredService<NodeStorage>().Audit is { } shared
            ? new AuditLog(shared, sp.GetRequiredService<TimeProvider>())
            : new AuditLog(Path.Combine(sp.GetRequiredService<IOptions<NodeOptions>>().Value.DataDir, FileName), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<CommandAuditSink>();
        services.AddSingleton<IEndpointEffectSink>(sp => sp.GetRequiredService<CommandAuditSink>());
        services.AddHostedService<AuditCatchUp>();
        return services;
    }

    public static WebApplication MapAudit(this WebApplication app)
    {
        app.MapAuditApi();
        return app;
    }
}
