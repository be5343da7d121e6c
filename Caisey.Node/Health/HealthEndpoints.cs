using Caisey.Node.Hosting;
using Microsoft.Extensions.Options;

namespace Caisey.Node.Health;

/// <summary><c>/healthz</c> (the process serves) and <c>/readyz</c> (the node accepts work).</summary>
public static class HealthEndpoints
{
    public static IEndpointRouteBuilder MapHealth(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/healthz", (IOptions<NodeOptions> node) =>
            TypedResults.Ok(new HealthAnswer("ok", node.Value.NodeId, null)));

        routes.MapGet("/readyz", IResult (NodeReadiness readiness, IOptions<NodeOptions> node) =>
            readiness.IsReady
                ? TypedResults.Ok(new HealthAnswer("ready", node.Value.NodeId, null))
                : TypedResults.Json(new HealthAnswer("not-ready", node.Value.NodeId, readiness.NotReadyReason), statusCode: StatusCodes.Status503ServiceUnavailable));
        return routes;
    }
}
