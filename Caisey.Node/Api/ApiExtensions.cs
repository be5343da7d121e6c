using Caisey.Node.Endpoints;
using Caisey.Node.Reachability;
using Caisey.Node.ReadModels;
using Caisey.Protocol.Configuration;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Caisey.Node.Api;

/// <summary>The technician API (<c>/api/v1</c>): services with <see cref="AddApi"/>, routes with <see cref="MapApi"/>.</summary>
public static class ApiExtensions
{
    /// <summary>Registers the fleet read model (an effect sink, rebuilt on start: call after registering the node runtime),
    /// live events, JSON as API.md spells it, and problem details for 401/403.</summary>
    public static IServiceCollection AddApi(this IServiceCollection services, IConfiguration configuration)
    {
        var options = ConfigurationBinding.Bind<ApiOptions>(configuration, "caisey:api");
        if (options.Validate() is { Count: > 0 } errors)
            throw new InvalidOperationException("Invalid configuration:" + Environment.NewLine + "  " + string.Join(Environment.NewLine + "  ", errors));
        services.AddSingleton(options);
        services.AddSingleton<FleetReadModel>();
        services.AddSingleton<IEndpointEffectSink>(sp => sp.GetRequiredService<FleetReadModel>());
        services.AddHostedService<FleetReadModelStartup>();
        services.TryAddSingleton<IReachabilityTracker, NeverConnectedReachabilityTracker>();
        services.AddSingleton<EndpointPresenter>();
        services.AddSingleton<CommandQueueing>();
        services.AddSingleton<Approvals.ApprovalPolicyStore>();
        services.AddSingleton<LiveEvents>();
        services.AddSingleton<IAuthorizationMiddlewareResultHandler, ProblemAuthorizationResultHandler>();
        // Unreadable bodies throw, and BadRequestExceptionHandler turns them into problems with a detail.
        services.Configure<RouteHandlerOptions>(routes => routes.ThrowOnBadRequest = true);
        services.AddExceptionHandler<BadRequestExceptionHandler>();
        services.AddExceptionHandler<Cluster.ShardUnavailableExceptionHandler>();
        services.Configure<ProblemDetailsOptions>(problems =>
        {
            var previous = problems.CustomizeProblemDetails;
            problems.CustomizeProblemDetails = context =>
            {
                previous?.Invoke(context);
                context.ProblemDetails.Detail ??= ApiProblems.DefaultDetail(context.ProblemDetails.Status);
            };
        });
        services.ConfigureHttpJsonOptions(json => json.SerializerOptions.Converters.Add(new UtcDateTimeOffsetConverter()));
        return services;
    }

    /// <summary>Maps the routes, behind an exception handler and status-code pages that answer with problem details.</summary>
    public static WebApplication MapApi(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.MapApprovalsApi();
        app.MapClientGroupsApi()
            .MapUsersApi()
            .MapEndpointsApi()
            .MapCommandsApi()
            .MapCommandOutputApi()
            .MapBatchesApi()
            .MapEventsApi();
        return app;
    }
}
