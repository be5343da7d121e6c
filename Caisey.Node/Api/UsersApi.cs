using System.Security.Claims;
using Caisey.Node.Audit;
using Caisey.Node.Auth;
using Caisey.Node.Tenancy;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Caisey.Node.Api;

/// <summary><c>/api/v1/users</c> (admin only): technician accounts with a role and granted client groups.</summary>
public static class UsersApi
{
    public const int MinPasswordLength = 8;

    public sealed record CreateUserRequest(string? Username, string? Password, string? Role, IReadOnlyList<string>? ClientGroupIds);

    public sealed record UserResource(string Username, string Role, IReadOnlyList<string> ClientGroupIds);

    public static IEndpointRouteBuilder MapUsersApi(this IEndpointRouteBuilder routes)
    {
        var api = routes.MapGroup("/api/v1/users").RequireAuthorization();
        api.MapGet("/", List);
        api.MapPost("/", Create);
        return routes;
    }

    private static Results<Ok<List<UserResource>>, ProblemHttpResult> List(ClaimsPrincipal principal, UserStore users) =>
        principal.ToCaiseyUser().IsAdmin
            ? TypedResults.Ok(users.List().Select(u => new UserResource(u.Username, u.Role, u.ClientGroupIds)).ToList())
            : ApiProblems.Forbidden("Only an admin can list users.");

    private static async Task<Results<Created<UserResource>, ProblemHttpResult, ValidationProblem>> Create(
        CreateUserRequest? request, ClaimsPrincipal principal, UserStore users, ClientGroupStore groups, AuditLog audit)
    {
        if (!principal.ToCaiseyUser().IsAdmin)
            return ApiProblems.Forbidden("Only an admin can create users.");
        if (request is null)
            return ApiProblems.BadRequest("Send {\"username\", \"password\", \"role\", \"clientGroupIds\"}.");
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (string.IsNullOrWhiteSpace(request.Username) || request.Username.Length > 100)
            errors["username"] = ["username must have 1 to 100 characters."];
        if (request.Password is null || request.Password.Length < MinPasswordLength)
            errors["password"] = [$"password must have at least {MinPasswordLength} characters."];
        if (request.Role is null || !Roles.IsKnown(request.Role))
            errors["role"] = [$"role must be one of {Roles.Admin}, {Roles.Technician}, {Roles.Viewer}; not '{request.Role}'."];
        var known = groups.List().Select(g => g.Id).ToHashSet(StringComparer.Ordinal);
        var groupIds = (request.ClientGroupIds ?? []).Distinct(StringComparer.Ordinal).ToList();
        var unknown = groupIds.Where(g => !known.Contains(g)).ToList();
        if (unknown.Count > 0)
            errors["clientGroupIds"] = [$"clientGroupIds names unknown client group(s): {string.Join(", ", unknown)}."];
        if (errors.Count > 0)
            return ApiProblems.Invalid("user", errors);
        var username = request.Username!.Trim();
        if (!users.Create(username, request.Password!, request.Role!, groupIds))
            return ApiProblems.Conflict($"The username '{username}' is taken.");
        await audit.RecordAsync(principal.ToCaiseyUser().Username, AuditActions.UserCreated, AuditTargets.User(username), new { role = request.Role, clientGroupIds = groupIds });
        return TypedResults.Created($"/api/v1/users/{Uri.EscapeDataString(username)}", new UserResource(username, request.Role!, groupIds));
    }
}
