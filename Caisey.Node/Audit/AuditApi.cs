using System.Security.Claims;
using Caisey.Node.Api;
using Caisey.Node.Auth;
using Caisey.Node.ReadModels;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Caisey.Node.Audit;

/// <summary><c>GET /api/v1/audit</c> (records the caller may read) and <c>GET /api/v1/audit/verify</c> (admin only).</summary>
public static class AuditApi
{
    public const int DefaultLimit = 1000;
    public const int MaxLimit = 10_000;

    public static IEndpointRouteBuilder MapAuditApi(this IEndpointRouteBuilder routes)
    {
        var api = routes.MapGroup("/api/v1/audit").RequireAuthorization();
        api.MapGet("/", List);
        api.MapGet("/verify", Verify);
        return routes;
    }

    /// <summary>Records in seq order, oldest first: at most <paramref name="limit"/> after <paramref name="afterSeq"/> (for paging).</summary>
    private static async Task<Results<Ok<List<AuditRecord>>, ProblemHttpResult>> List(
        ClaimsPrincipal principal, AuditLog audit, FleetReadModel fleet,
        string? endpointId, DateTimeOffset? from, DateTimeOffset? to, long? afterSeq, int? limit, CancellationToken cancellationToken)
    {
        await audit.FlushAsync(cancellationToken).ConfigureAwait(false);
        var user = principal.ToCaiseyUser();
        if (endpointId is not null && fleet.VisibleEndpoint(user, endpointId) is null && !user.IsAdmin)
            return ApiProblems.NotFound("endpoint", endpointId);
        if (limit is < 1 or > MaxLimit)
            return ApiProblems.BadRequest($"limit must be between 1 and {MaxLimit}.");
        var records = audit.Query(endpointId, from, to)
            .Where(r => r.Seq > (afterSeq ?? 0) && user.CanRead(r, fleet))
            .Take(limit ?? DefaultLimit)
            .ToList();
        return TypedResults.Ok(records);
    }

    /// <summary>Admin only: the answer covers every tenant's records (their count, where the chain breaks).</summary>
    private static async Task<Results<Ok<AuditVerification>, ProblemHttpResult>> Verify(ClaimsPrincipal principal, AuditLog audit, CancellationToken cancellationToken)
    {
        if (!principal.ToCaiseyUser().IsAdmin)
            return ApiProblems.Forbidden("Only an admin can verify the audit log: it covers every client group.");
        await audit.FlushAsync(cancellationToken).ConfigureAwait(false);
        return TypedResults.Ok(audit.Verify());
    }
}
