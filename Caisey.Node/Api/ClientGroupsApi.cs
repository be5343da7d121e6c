using System.Security.Claims;
using Caisey.Node.Audit;
using Caisey.Node.Auth;
using Caisey.Node.Tenancy;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Caisey.Node.Api;

/// <summary><c>/api/v1/client-groups</c>: everyone lists the groups they see; admins create groups.</summary>
public static class ClientGroupsApi
{
    public const int MaxNameLength = 100;

    public sealed record CreateClientGroupRequest(string? Name);

    public static IEndpointRouteBuilder MapClientGroupsApi(this IEndpointRouteBuilder routes)
    {
        var api = routes.MapGroup("/api/v1/client-groups").RequireAuthorization();
        api.MapGet("/", List);
        api.MapPost("/", Create);
        return routes;
    }

    private static Ok<List<ClientGroup>> List(ClaimsPrincipal principal, ClientGroupStore groups)
    {
        var user = principal.ToCaiseyUser();
        return TypedResults.Ok(groups.List().Where(g => user.Sees(g.Id)).ToList());
    }

    private static async Task<Results<Created<ClientGroup>, ProblemHttpResult>> Create(
        CreateClientGroupRequest? request, ClaimsPrincipal principal, ClientGroupStore groups, AuditLog audit)
    {
        if (!principal.ToCaiseyUser().IsAdmin)
            return ApiProblems.Forbidden("Only an admin can create client groups.");
        var name = request?.Name?.Trim();
        if (string.IsNullOrEmpty(name) || name.Length > MaxNameLength)
            return ApiProblems.BadRequest($"Send {{\"name\"}}: a client group name of 1 to {MaxNameLength} characters.");
        if (groups.Create(name) is not { } group)
            return ApiProblems.Conflict($"A client group named '{name}' already exists.");
        await audit.RecordAsync(principal.ToCaiseyUser().Username, AuditActions.ClientGroupCreated, AuditTargets.ClientGroup(group.Id), new { name });
        return TypedResults.Created($"/api/v1/client-groups/{group.Id}", group);
    }
}
