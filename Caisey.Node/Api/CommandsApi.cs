using System.Security.Claims;
using Caisey.Node.Audit;
using Caisey.Node.Auth;
using Caisey.Node.Endpoints;
using Caisey.Node.ReadModels;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Caisey.Node.Api;

/// <summary>Commands: submit to one endpoint, read, list an endpoint's history, cancel (API.md "HTTP: commands").</summary>
public static class CommandsApi
{
    public static IEndpointRouteBuilder MapCommandsApi(this IEndpointRouteBuilder routes)
    {
        var api = routes.MapGroup("/api/v1").RequireAuthorization();
        api.MapPost("/endpoints/{id}/commands", Submit).RequireAuthorization(AuthServiceCollectionExtensions.CanAct);
        api.MapGet("/endpoints/{id}/commands", History);
        api.MapGet("/commands/{id}", Get);
        api.MapPost("/commands/{id}/cancel", Cancel).RequireAuthorization(AuthServiceCollectionExtensions.CanAct);
        return routes;
    }

    /// <summary>202 only once <see cref="CommandQueued"/> is durable; the same idempotency key answers the existing command.</summary>
    private static async Task<Results<Accepted<CommandView>, ProblemHttpResult, ValidationProblem>> Submit(
        string id, CommandSpec? spec, ClaimsPrincipal principal, FleetReadModel fleet, CommandQueueing queueing, TimeProvider time,
        CancellationToken cancellationToken)
    {
        var user = principal.ToCaiseyUser();
        if (fleet.VisibleEndpoint(user, id) is null)
            return ApiProblems.NotFound("endpoint", id);
        if (spec is null)
            return ApiProblems.BadRequest("Send a command spec: {\"script\", \"shell\", \"timeoutSeconds\", \"notBefore\", \"expiresAt\", \"idempotencyKey\"}.");
        var errors = spec.Validate(time.GetUtcNow());
        if (errors.Count > 0)
            return ApiProblems.Invalid("command spec", errors);
        var reply = await queueing.QueueAsync(id, spec, user.Username, null, cancellationToken);
        return reply is CommandView view ? Accepted(view) : CommandReplies.Problem(reply, id);
    }

    private static Results<Ok<IReadOnlyList<CommandView>>, ProblemHttpResult> History(string id, ClaimsPrincipal principal, FleetReadModel fleet) =>
        fleet.VisibleEndpoint(principal.ToCaiseyUser(), id) is null
            ? ApiProblems.NotFound("endpoint", id)
            : TypedResults.Ok(fleet.History(id));

    private static Results<Ok<CommandView>, ProblemHttpResult> Get(string id, ClaimsPrincipal principal, FleetReadModel fleet) =>
        fleet.VisibleCommand(principal.ToCaiseyUser(), id) is { } command
            ? TypedResults.Ok(command)
            : ApiProblems.NotFound("command", id);

    /// <summary>A queued command is cancelled at once; a dispatched or running one is killed by the agent; a finished one is 409.</summary>
    private static async Task<Results<Accepted<CommandView>, ProblemHttpResult>> Cancel(
        string id, ClaimsPrincipal principal, FleetReadModel fleet, CommandQueueing queueing, AuditLog audit, CancellationToken cancellationToken)
    {
        var user = principal.ToCaiseyUser();
        if (fleet.VisibleCommand(user, id) is not { } command)
            return ApiProblems.NotFound("command", id);
        var reply = await queueing.CancelAsync(command.EndpointId, id, user.Username, cancellationToken);
        if (reply is CommandView)
            await audit.RecordAsync(user.Username, AuditActions.CommandCancelRequested, AuditTargets.Command(command.EndpointId, id), new { commandId = id }, cancellationToken);
        return reply is CommandView view ? Accepted(view) : CommandReplies.Problem(reply, command.EndpointId);
    }

    internal static Accepted<CommandView> Accepted(CommandView view) => TypedResults.Accepted($"/api/v1/commands/{view.Id}", view);
}
