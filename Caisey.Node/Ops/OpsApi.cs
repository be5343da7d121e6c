using Caisey.Node.Api;
using Caisey.Node.Auth;
using Caisey.Node.Cluster;
using Caisey.Node.Hosting;
using Caisey.Node.ReadModels;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Caisey.Node.Ops;

/// <summary><c>/ops/v1</c> (admins only): the cluster, its shards and this node's log, for the <c>ops</c> CLI (docs/ops.md).</summary>
public static class OpsApi
{
    /// <summary>Most lines <c>GET /ops/v1/log</c> gives by default.</summary>
    public const int DefaultLogLines = 50;

    public static IEndpointRouteBuilder MapOpsApi(this IEndpointRouteBuilder routes)
    {
        var ops = routes.MapGroup("/ops/v1").RequireAuthorization().AddEndpointFilter(AdminsOnly);
        ops.MapGet("/cluster", GetCluster);
        ops.MapPost("/cluster/leave", Leave);
        ops.MapPost("/cluster/down", Down);
        ops.MapGet("/shards", GetShards);
        ops.MapGet("/shards/stats", GetStats);
        ops.MapGet("/endpoints/{id}", GetEndpoint);
        ops.MapGet("/log", GetLog);
        return routes;
    }

    private static async ValueTask<object?> AdminsOnly(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var user = context.HttpContext.User.ToCaiseyUser();
        return user.IsAdmin
            ? await next(context)
            : ApiProblems.Forbidden($"The ops API is for admins; your role ({user.Role}) cannot use it.");
    }

    private static async Task<JsonHttpResult<ClusterResource>> GetCluster(IClusterView cluster, CancellationToken cancellationToken)
    {
        var members = await cluster.MembersAsync(cancellationToken);
        return TypedResults.Json(
            new ClusterResource(cluster.SelfNodeId, cluster is not SingleNodeClusterView, cluster.ShardCount, [.. members.Select(MemberResource.From)]),
            OpsJsonContext.Default.ClusterResource);
    }

    private static async Task<JsonHttpResult<ShardsResource>> GetShards(IClusterView cluster, CancellationToken cancellationToken)
    {
        var shards = await cluster.ShardsAsync(cancellationToken);
        return TypedResults.Json(
            new ShardsResource(cluster.SelfNodeId, cluster.ShardCount, [.. shards.Select(ShardResource.From)]),
            OpsJsonContext.Default.ShardsResource);
    }

    private static async Task<JsonHttpResult<ShardStatsResource>> GetStats(IClusterView cluster, CancellationToken cancellationToken)
    {
        var members = await cluster.MembersAsync(cancellationToken);
        var shards = await cluster.ShardsAsync(cancellationToken);
        return TypedResults.Json(ShardStatsResource.From(cluster.SelfNodeId, members, shards), OpsJsonContext.Default.ShardStatsResource);
    }

    private static async Task<Results<JsonHttpResult<EndpointPlacementResource>, ProblemHttpResult>> GetEndpoint(
        string id, IClusterView cluster, FleetReadModel fleet, EndpointPresenter presenter, NodeRuntime runtime, CancellationToken cancellationToken)
    {
        if (fleet.FindEndpoint(id) is not { } view)
            return ApiProblems.NotFound("endpoint", id);
        var shardId = ShardMap.ShardOf(id, cluster.ShardCount);
        var shard = (await cluster.ShardsAsync(cancellationToken))[shardId];
        var owner = (await cluster.MembersAsync(cancellationToken)).FirstOrDefault(m => m.NodeId == shard.OwnerNodeId);
        var liveHere = runtime.Endpoints.LiveEntityIds().Contains(id, StringComparer.Ordinal);
        return TypedResults.Json(
            new EndpointPlacementResource(id, shardId, shard.OwnerNodeId, owner?.AdvertisedUrl, shard.Epoch, shard.LeaseExpiresAt,
                liveHere, cluster.SelfNodeId, presenter.Present(view)),
            OpsJsonContext.Default.EndpointPlacementResource);
    }

    private static Task<Results<JsonHttpResult<ClusterActionResource>, ProblemHttpResult>> Leave(
        NodeActionRequest? request, IClusterView cluster, CancellationToken cancellationToken) =>
        ActAsync("leave", request, cluster.LeaveAsync, cancellationToken);

    private static Task<Results<JsonHttpResult<ClusterActionResource>, ProblemHttpResult>> Down(
        NodeActionRequest? request, IClusterView cluster, CancellationToken cancellationToken) =>
        ActAsync("down", request, cluster.DownAsync, cancellationToken);

    private static async Task<Results<JsonHttpResult<ClusterActionResource>, ProblemHttpResult>> ActAsync(
        string action, NodeActionRequest? request, Func<string, CancellationToken, ValueTask<ClusterActionResult>> act, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(request?.Node))
            return ApiProblems.BadRequest($"Send {{\"node\": \"NODE_ID\"}}: the id of the node to {action}.");
        var result = await act(request.Node.Trim(), cancellationToken);
        return result.Outcome switch
        {
            ClusterActionOutcome.Accepted => TypedResults.Json(
                new ClusterActionResource(result.NodeId, action, result.Detail), OpsJsonContext.Default.ClusterActionResource,
                statusCode: StatusCodes.Status202Accepted),
            ClusterActionOutcome.UnknownNode => TypedResults.Problem(detail: result.Detail, statusCode: StatusCodes.Status404NotFound, title: "Not found"),
            _ => ApiProblems.Conflict(result.Detail),
        };
    }

    private static Results<JsonHttpResult<LogResource>, ProblemHttpResult> GetLog(
        LogRing log, IClusterView cluster, int lines = DefaultLogLines)
    {
        if (lines < 1 || lines > log.Capacity)
            return ApiProblems.BadRequest($"lines must be between 1 and {log.Capacity}; not {lines}.");
        return TypedResults.Json(new LogResource(cluster.SelfNodeId, log.Capacity, log.Tail(lines)), OpsJsonContext.Default.LogResource);
    }
}
