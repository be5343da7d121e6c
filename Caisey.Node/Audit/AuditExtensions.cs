using Caisey.Node.Endpoints;
using Caisey.Node.Hosting;
using Microsoft.Extensions.Options;

namespace Caisey.Node.Audit;

/// <summary>The audit log: services with <see cref="AddAudit"/> (after <c>AddApi</c>: it reads the fleet read model),
/// routes with <see cref="MapAudit"/>.</summary>
public static class AuditExtensions
{
    public const string FileName = "audit.db";

    public static IServiceCollection AddAudit(this IServiceCollection services)
    {
        services.AddSingleton(sp => new AuditLog(
            Path.Combine(sp.GetRequiredService<IOptions<NodeOptions>>().Value.DataDir, FileName), sp.GetRequiredService<TimeProvider>()));
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
