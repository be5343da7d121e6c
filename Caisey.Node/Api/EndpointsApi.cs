using System.Security.Claims;
using Caisey.Node.Auth;
using Caisey.Node.ReadModels;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Caisey.Node.Api;

/// <summary><c>/api/v1/endpoints</c>: the fleet with its three layers, from the read model (no entity is woken).</summary>
public static class EndpointsApi
{
    public static IEndpointRouteBuilder MapEndpointsApi(this IEndpointRouteBuilder routes)
    {
        var api = routes.MapGroup("/api/v1/endpoints").RequireAuthorization();
        api.MapGet("/", List);
        api.MapGet("/{id}", Get);
        return routes;
    }

    /// <summary>Filtered by <paramref name="clientGroupId"/>, <paramref name="reachability"/> state and <paramref name="q"/>
    /// (a substring of hostname or id); ordered readiness first, reachability second.</summary>
    private static Results<Ok<List<EndpointResource>>, ProblemHttpResult> List(
        ClaimsPrincipal principal, FleetReadModel fleet, EndpointPresenter presenter,
        string? clientGroupId = null, string? reachability = null, string? q = null)
    {
        if (reachability is not null && !EndpointPresenter.IsReachabilityState(reachability))
            return ApiProblems.BadRequest(
                $"reachability must be one of reachable, connecting, retrying, unreachable, never-connected; not '{reachability}'.");
        var endpoints = fleet.VisibleEndpoints(principal.ToCaiseyUser())
            .Where(e => clientGroupId is null || e.ClientGroupId == clientGroupId)
            .Where(e => string.IsNullOrEmpty(q)
                || e.Id.Contains(q, StringComparison.OrdinalIgnoreCase)
                || (e.Hostname?.Contains(q, StringComparison.OrdinalIgnoreCase) ?? false))
            .Select(presenter.Present)
            .Where(e => reachability is null || e.Reachability.State == reachability);
        return TypedResults.Ok(presenter.Order(endpoints).ToList());
    }

    private static Results<Ok<EndpointResource>, ProblemHttpResult> Get(
        string id, ClaimsPrincipal principal, FleetReadModel fleet, EndpointPresenter presenter) =>
        fleet.VisibleEndpoint(principal.ToCaiseyUser(), id) is { } view
            ? TypedResults.Ok(presenter.Present(view))
            : ApiProblems.NotFound("endpoint", id);
}
