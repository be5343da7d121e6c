using Caisey.Node.Cluster;
using System.Security.Claims;
using Caisey.Node.Approvals;
using Caisey.Node.Auth;
using Caisey.Node.Endpoints;
using Caisey.Node.Hosting;
using Caisey.Node.ReadModels;
using Caisey.Node.Tenancy;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Caisey.Node.Api;

/// <summary>
/// Approvals: policies per client group or machine (admin), and consent requests to a machine's user
/// (technicians). The user answers on the machine (<c>Caisey.Agent approve | deny</c>); no answer means no.
/// </summary>
public static class ApprovalsApi
{
    public sealed record PolicyRequest(string? Policy);

    public sealed record PolicyResource(string Scope, string? Policy);

    public sealed record ApprovalRequestBody(string? Scope, string? Reason, int? ExpiresInMinutes, int? GrantMinutes);

    public static IEndpointRouteBuilder MapApprovalsApi(this IEndpointRouteBuilder routes)
    {
        var api = routes.MapGroup("/api/v1").RequireAuthorization();
        api.MapPut("/client-groups/{id}/approval-policy", SetGroupPolicy).RequireAuthorization(policy => policy.RequireRole(Roles.Admin));
        api.MapPut("/endpoints/{id}/approval-policy", SetEndpointPolicy).RequireAuthorization(policy => policy.RequireRole(Roles.Admin));
        api.MapPost("/endpoints/{id}/approval-requests", RequestApprovalAsync).RequireAuthorization(AuthServiceCollectionExtensions.CanAct);
        return routes;
    }

    private static Results<Ok<PolicyResource>, ProblemHttpResult> SetGroupPolicy(
        string id, PolicyRequest? body, ClaimsPrincipal principal, ClientGroupStore groups, ApprovalPolicyStore policies)
    {
        if (groups.Find(id) is null)
            return ApiProblems.NotFound("client group", id);
        if (body?.Policy is not { } policy || !ApprovalPolicy.IsKnown(policy))
            return ApiProblems.BadRequest("policy must be one of none, notify, require-consent.");
        policies.Set(ApprovalPolicyStore.GroupScope(id), policy, principal.ToCaiseyUser().Username);
        return TypedResults.Ok(new PolicyResource(ApprovalPolicyStore.GroupScope(id), policy));
    }

    /// <summary>A machine's own policy; <c>{"policy": null}</c> makes it follow its group again.</summary>
    private static Results<Ok<PolicyResource>, ProblemHttpResult> SetEndpointPolicy(
        string id, PolicyRequest? body, ClaimsPrincipal principal, FleetReadModel fleet, ApprovalPolicyStore policies)
    {
        if (fleet.VisibleEndpoint(principal.ToCaiseyUser(), id) is null)
            return ApiProblems.NotFound("endpoint", id);
        if (body is null || (body.Policy is not null && !ApprovalPolicy.IsKnown(body.Policy)))
            return ApiProblems.BadRequest("policy must be one of none, notify, require-consent, or null to follow the client group.");
        policies.Set(ApprovalPolicyStore.EndpointScope(id), body.Policy, principal.ToCaiseyUser().Username);
        return TypedResults.Ok(new PolicyResource(ApprovalPolicyStore.EndpointScope(id), body.Policy));
    }

    private static async Task<Results<Accepted<ApprovalResource>, ProblemHttpResult>> RequestApprovalAsync(
        string id, ApprovalRequestBody? body, ClaimsPrincipal principal, FleetReadModel fleet, EndpointGateway endpoints,
        ApprovalPolicyStore policies, TimeProvider time, CancellationToken cancellationToken)
    {
        var user = principal.ToCaiseyUser();
        if (fleet.VisibleEndpoint(user, id) is not { } endpoint)
            return ApiProblems.NotFound("endpoint", id);
        if (body is null || string.IsNullOrWhiteSpace(body.Scope) || string.IsNullOrWhiteSpace(body.Reason))
            return ApiProblems.BadRequest("Send {\"scope\", \"reason\"} (and optionally expiresInMinutes, grantMinutes).");
        if (body.ExpiresInMinutes is <= 0 or > 24 * 60 || body.GrantMinutes is <= 0 or > 7 * 24 * 60)
            return ApiProblems.BadRequest("expiresInMinutes must be 1..1440 and grantMinutes 1..10080.");
        var message = new RequestApproval(ApiIds.NewApprovalId(), body.Scope, body.Reason, user.Username,
            time.GetUtcNow().AddMinutes(body.ExpiresInMinutes ?? 15), body.GrantMinutes ?? 60);
        var reply = await endpoints.AskAsync(id, message, cancellationToken).ConfigureAwait(false);
        return reply switch
        {
            EndpointApproval approval => TypedResults.Accepted($"/api/v1/endpoints/{id}", ApprovalResource.From(approval, policies.Effective(id, endpoint.ClientGroupId), time.GetUtcNow())),
            EndpointRejection rejection => ApiProblems.BadRequest(rejection.Detail),
            _ => ApiProblems.Unavailable("The node is stopping; try again."),
        };
    }
}
