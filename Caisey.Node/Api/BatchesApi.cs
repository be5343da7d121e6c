using System.Security.Claims;
using Caisey.Node.Auth;
using Caisey.Node.Endpoints;
using Caisey.Node.ReadModels;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Caisey.Node.Api;

/// <summary><c>POST /api/v1/batches</c>: fans one command out to many endpoints, one command (and lifecycle) per target.</summary>
public static class BatchesApi
{
    public const int MaxTargets = 10_000;

    public static IEndpointRouteBuilder MapBatchesApi(this IEndpointRouteBuilder routes)
    {
        routes.MapPost("/api/v1/batches", Submit).RequireAuthorization(AuthServiceCollectionExtensions.CanAct);
        routes.MapGet("/api/v1/batches/{id}", Get).RequireAuthorization();
        return routes;
    }

    /// <summary>Targets are checked all or nothing: one unknown or out-of-scope id is 404 naming it, and nothing is queued.</summary>
    private static async Task<Results<Accepted<BatchResult>, ProblemHttpResult, ValidationProblem>> Submit(
        BatchRequest? request, ClaimsPrincipal principal, FleetReadModel fleet, CommandQueueing queueing, TimeProvider time,
        CancellationToken cancellationToken)
    {
        if (request is null)
            return ApiProblems.BadRequest("Send {\"endpointIds\": [...], \"command\": {command spec}}.");
        var user = principal.ToCaiseyUser();
        var targets = (request.EndpointIds ?? []).Distinct(StringComparer.Ordinal).ToList();
        var errors = request.Command?.Validate(time.GetUtcNow()).ToDictionary(e => "command." + e.Key, e => e.Value, StringComparer.Ordinal)
            ?? new Dictionary<string, string[]>(StringComparer.Ordinal) { ["command"] = ["command (a command spec) is required."] };
        if (targets.Count is 0 or > MaxTargets)
            errors["endpointIds"] = [$"endpointIds must name 1 to {MaxTargets} endpoints."];
        var unknown = targets.Where(id => fleet.VisibleEndpoint(user, id) is null).ToList();
        if (unknown.Count > 0)
            return TypedResults.Problem(
                detail: $"No endpoint(s) {string.Join(", ", unknown.Select(id => $"'{id}'"))} that you can see; nothing was queued.",
                statusCode: StatusCodes.Status404NotFound, title: "Not found",
                extensions: new Dictionary<string, object?> { ["endpointIds"] = unknown });
        if (errors.Count > 0)
            return ApiProblems.Invalid("batch", errors);

        var batchId = ApiIds.NewBatchId();
        var replies = await Task.WhenAll(targets.Select(id => queueing.QueueAsync(id, request.Command!, user.Username, batchId, cancellationToken)));
        var commands = replies.OfType<CommandView>().ToList();
        var rejected = targets.Zip(replies)
            .Where(t => t.Second is not CommandView)
            .Select(t => new BatchRejection(t.First, CommandReplies.Problem(t.Second, t.First).ProblemDetails.Detail ?? "refused"))
            .ToList();
        return TypedResults.Accepted($"/api/v1/batches/{batchId}", new BatchResult(batchId, commands, rejected));
    }

    /// <summary>The batch's commands that the caller can see (an addition to API.md).</summary>
    private static Results<Ok<BatchResult>, ProblemHttpResult> Get(string id, ClaimsPrincipal principal, FleetReadModel fleet)
    {
        var commands = fleet.VisibleEndpoints(principal.ToCaiseyUser())
            .SelectMany(e => fleet.History(e.Id))
            .Where(c => c.BatchId == id)
            .OrderBy(c => c.EndpointId, StringComparer.Ordinal)
            .ToList();
        return commands.Count == 0 ? ApiProblems.NotFound("batch", id) : TypedResults.Ok(new BatchResult(id, commands, []));
    }
}
