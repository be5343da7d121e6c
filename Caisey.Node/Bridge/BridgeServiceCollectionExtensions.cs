using Caisey.Node.Endpoints;
using Caisey.Node.Enrollment;
using Caisey.Node.Reachability;
using Caisey.Protocol.Configuration;

namespace Caisey.Node.Bridge;

/// <summary>Registers and maps the agent bridge: enrollment, the WebSocket and long-poll bridges, the doorbell, dispatch and reachability.</summary>
public static class BridgeServiceCollectionExtensions
{
    /// <summary>Binds <c>caisey.bridge</c> (validated: every problem at once) and registers the bridge's services.</summary>
    public static IServiceCollection AddBridge(this IServiceCollection services, IConfiguration configuration)
    {
        var options = ConfigurationBinding.Bind<BridgeOptions>(configuration, "caisey:bridge");
        var errors = options.Validate();
        if (errors.Count > 0)
            throw new InvalidOperationException("Invalid configuration:" + Environment.NewLine + "  " + string.Join(Environment.NewLine + "  ", errors));
        services.AddSingleton(options);
        services.AddSingleton(sp => new ReachabilityTracker(new ReachabilityOptions { FreshFor = options.FreshFor }, sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<IReachabilityTracker>(sp => sp.GetRequiredService<ReachabilityTracker>());
        services.AddSingleton<BridgeRegistry>();
        services.AddSingleton<BridgeDoorbell>();
        services.AddSingleton<BridgeDispatcher>();
        services.AddSingleton<IEndpointEffectSink>(sp => sp.GetRequiredService<BridgeDispatcher>());
        services.AddSingleton<BridgeFrameHandler>();
        services.AddSingleton<WebSocketBridge>();
        services.AddSingleton<LongPollBridge>();
        services.AddHostedService<BridgeShutdown>();
        return services;
    }

    /// <summary>Maps enrollment and the <c>/agent/v1</c> routes (WebSocket middleware included).</summary>
    public static WebApplication MapBridge(this WebApplication app)
    {
        app.UseWebSockets();
        app.MapEnrollmentApi();
        var agent = app.MapGroup("/agent/v1");
        agent.MapGet("/bridge", (HttpContext http, WebSocketBridge bridge) => bridge.AcceptAsync(http));
        agent.MapGet("/doorbell", DoorbellApi.WaitAsync);
        agent.MapPost("/exchange", (HttpContext http, int? waitMs, LongPollBridge bridge) => bridge.ExchangeAsync(http, waitMs));
        return app;
    }
}
