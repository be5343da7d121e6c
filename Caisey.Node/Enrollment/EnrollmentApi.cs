using Caisey.Node.Cluster;
using Caisey.Node.Audit;
using Caisey.Node.Auth;
using Caisey.Node.Endpoints;
using Caisey.Node.Hosting;
using Caisey.Node.Tenancy;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Caisey.Node.Enrollment;

/// <summary>
/// Enrollment: technicians issue tokens (<c>POST /api/v1/enrollment-tokens</c>, policy can-act); an agent spends one
/// (<c>POST /agent/v1/enroll</c>) for its endpoint id and credential. The endpoint's <c>EndpointEnrolled</c> event is
/// durable before the 201; the credential is stored hashed, returned once, and never logged.
/// </summary>
public static class EnrollmentApi
{
    public sealed record TokenRequest(string? ClientGroupId, int? MaxUses, int? ExpiresInMinutes);

    public sealed record TokenResponse(string Token, DateTimeOffset ExpiresAt);

    public sealed record EnrollRequest(string? EnrollmentToken, string? Hostname, string? Os, string? AgentVersion);

    public sealed record EnrollResponse(string EndpointId, string Credential, string NodeId);

    private const int MaxTokenMinutes = 60 * 24 * 30;

    public static IEndpointRouteBuilder MapEnrollmentApi(this IEndpointRouteBuilder routes)
    {
        routes.MapPost("/api/v1/enrollment-tokens", IssueToken).RequireAuthorization(AuthServiceCollectionExtensions.CanAct);
        routes.MapPost("/agent/v1/enroll", EnrollAsync);
        return routes;
    }

    private static async Task<Results<Created<TokenResponse>, ProblemHttpResult>> IssueToken(
        TokenRequest? request, HttpContext http, ClientGroupStore groups, EnrollmentTokenStore tokens, AuditLog audit)
    {
        if (request is null)
            return TypedResults.Problem(detail: "Send {\"clientGroupId\", \"maxUses\", \"expiresInMinutes\"}.", statusCode: StatusCodes.Status400BadRequest);
        var problems = new List<string>();
        if (request.MaxUses is not > 0)
            problems.Add("maxUses must be a positive number.");
        if (request.ExpiresInMinutes is not (> 0 and <= MaxTokenMinutes))
            problems.Add($"expiresInMinutes must be between 1 and {MaxTokenMinutes}.");
        if (problems.Count > 0)
            return TypedResults.Problem(detail: string.Join(" ", problems), statusCode: StatusCodes.Status400BadRequest);
        var user = http.User.ToCaiseyUser();
        var groupId = string.IsNullOrWhiteSpace(request.ClientGroupId) ? ClientGroup.DefaultId : request.ClientGroupId;
        if (groups.Find(groupId) is null || !user.Sees(groupId))
            return TypedResults.Problem(detail: $"Client group '{groupId}' does not exist.", statusCode: StatusCodes.Status404NotFound);
        var (token, expiresAt) = tokens.Issue(groupId, request.MaxUses!.Value, TimeSpan.FromMinutes(request.ExpiresInMinutes!.Value), user.Username);
        await audit.RecordAsync(user.Username, AuditActions.EnrollmentTokenIssued, AuditTargets.EnrollmentTokens(groupId), new { maxUses = request.MaxUses, expiresAt });
        return TypedResults.Created((string?)null, new TokenResponse(token, expiresAt));
    }

    private static async Task<Results<Created<EnrollResponse>, ProblemHttpResult>> EnrollAsync(
        EnrollRequest? request, EnrollmentTokenStore tokens, EndpointCredentialStore credentials, EndpointGateway endpoints,
        IOptions<NodeOptions> node, AuditLog audit, CancellationToken cancellationToken)
    {
        var missing = new[] { ("enrollmentToken", request?.EnrollmentToken), ("hostname", request?.Hostname), ("os", request?.Os), ("agentVersion", request?.AgentVersion) }
            .Where(f => string.IsNullOrWhiteSpace(f.Item2)).Select(f => f.Item1).ToArray();
        if (request is null || missing.Length > 0)
            return TypedResults.Problem(detail: $"Missing fields: {string.Join(", ", missing)}.", statusCode: StatusCodes.Status400BadRequest);
        var groupId = tokens.TryConsume(request.EnrollmentToken!);
        if (groupId is null)
            return TypedResults.Problem(detail: "The enrollment token is unknown, expired or used up; ask a technician for a new one.", statusCode: StatusCodes.Status401Unauthorized);
        var (endpointId, credential) = credentials.Register(groupId, request.Hostname!);
        var reply = await endpoints.AskAsync(endpointId, new Enroll(groupId, request.Hostname!, request.Os!, request.AgentVersion!), cancellationToken).ConfigureAwait(false);
        if (reply is not EndpointView)
            return TypedResults.Problem(detail: "The endpoint could not be enrolled.", statusCode: StatusCodes.Status500InternalServerError);
        await audit.RecordAsync(AuditTargets.Agent(endpointId), AuditActions.EndpointEnrolled, AuditTargets.Endpoint(endpointId),
            new { clientGroupId = groupId, hostname = request.Hostname, os = request.Os, agentVersion = request.AgentVersion }, cancellationToken).ConfigureAwait(false);
        return TypedResults.Created((string?)null, new EnrollResponse(endpointId, credential, node.Value.NodeId));
    }
}
