using System.Security.Claims;
using Caisey.Node.Api;
using Caisey.Node.Audit;
using Caisey.Node.Auth;
using Caisey.Node.ReadModels;
using Caisey.Node.Storage;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Caisey.Node.Transcripts;

/// <summary>
/// <c>/api/v1/transcripts</c>: technicians (policy can-act) create a draft of an endpoint they see, re-review its
/// redactions (PUT replaces window and redactions, PATCH only what is sent), publish a frozen copy behind an unguessable
/// link with an expiry, and revoke it. Anyone who sees the endpoint may read the draft. Out of scope is 404.
/// </summary>
public static class TranscriptsApi
{
    public static readonly TimeSpan MaxShareLifetime = TimeSpan.FromDays(90);

    public static IEndpointRouteBuilder MapTranscriptsApi(this IEndpointRouteBuilder routes)
    {
        var api = routes.MapGroup("/api/v1/transcripts").RequireAuthorization();
        api.MapPost("/", Create).RequireAuthorization(AuthServiceCollectionExtensions.CanAct);
        api.MapGet("/{id}", Get);
        api.MapPut("/{id}", (string id, TranscriptRequest? body, ClaimsPrincipal principal, TranscriptServices s) => Update(id, body, principal, s, replace: true))
            .RequireAuthorization(AuthServiceCollectionExtensions.CanAct);
        api.MapPatch("/{id}", (string id, TranscriptRequest? body, ClaimsPrincipal principal, TranscriptServices s) => Update(id, body, principal, s, replace: false))
            .RequireAuthorization(AuthServiceCollectionExtensions.CanAct);
        api.MapPost("/{id}/publish", Publish).RequireAuthorization(AuthServiceCollectionExtensions.CanAct);
        api.MapPost("/{id}/revoke", Revoke).RequireAuthorization(AuthServiceCollectionExtensions.CanAct);
        api.MapDelete("/{id}/share", Revoke).RequireAuthorization(AuthServiceCollectionExtensions.CanAct);
        return routes;
    }

    private static async Task<Results<Created<TranscriptView>, ProblemHttpResult, ValidationProblem>> Create(
        TranscriptRequest? body, ClaimsPrincipal principal, TranscriptServices s)
    {
        if (body is null || string.IsNullOrWhiteSpace(body.EndpointId))
            return ApiProblems.BadRequest("Send {\"endpointId\", \"from\", \"to\", \"redactions\": [{\"commandId\", \"line\"} | {\"pattern\"}]}.");
        var user = principal.ToCaiseyUser();
        if (s.Fleet.VisibleEndpoint(user, body.EndpointId) is null)
            return ApiProblems.NotFound("endpoint", body.EndpointId);
        var redactions = body.Redactions ?? [];
        if (TranscriptValidation.Validate(body.EndpointId, body.From, body.To, redactions, s.Fleet) is { Count: > 0 } errors)
            return ApiProblems.Invalid("transcript", errors);
        var draft = new TranscriptDraft("trn_" + Secrets.NewToken("")[..22], body.EndpointId, user.Username, s.Time.GetUtcNow(), body.From, body.To, redactions);
        s.Store.Create(draft);
        await s.Audit.RecordAsync(user.Username, AuditActions.TranscriptCreated, AuditTargets.Transcript(draft.EndpointId, draft.Id),
            new { transcriptId = draft.Id, draft.From, draft.To, redactions = redactions.Count });
        return TypedResults.Created($"/api/v1/transcripts/{draft.Id}", s.Builder.Build(draft));
    }

    private static Results<Ok<TranscriptView>, ProblemHttpResult> Get(string id, ClaimsPrincipal principal, TranscriptServices s) =>
        s.Visible(principal.ToCaiseyUser(), id) is { } draft ? TypedResults.Ok(s.Builder.Build(draft)) : ApiProblems.NotFound("transcript", id);

    private static async Task<Results<Ok<TranscriptView>, ProblemHttpResult, ValidationProblem>> Update(
        string id, TranscriptRequest? body, ClaimsPrincipal principal, TranscriptServices s, bool replace)
    {
        var user = principal.ToCaiseyUser();
        if (s.Visible(user, id) is not { } draft)
            return ApiProblems.NotFound("transcript", id);
        if (body is null)
            return ApiProblems.BadRequest("Send {\"from\", \"to\", \"redactions\"}.");
        var (from, to) = replace ? (body.From, body.To) : (body.From ?? draft.From, body.To ?? draft.To);
        var redactions = body.Redactions ?? (replace ? [] : draft.Redactions);
        if (TranscriptValidation.Validate(draft.EndpointId, from, to, redactions, s.Fleet) is { Count: > 0 } errors)
            return ApiProblems.Invalid("transcript", errors);
        s.Store.Update(id, from, to, redactions);
        await s.Audit.RecordAsync(user.Username, AuditActions.TranscriptUpdated, AuditTargets.Transcript(draft.EndpointId, id),
            new { transcriptId = id, from, to, redactions = redactions.Count });
        return TypedResults.Ok(s.Builder.Build(draft with { From = from, To = to, Redactions = redactions }));
    }

    /// <summary>Freezes the redacted transcript as it is now and answers the link (shown only here). Publishing again
    /// replaces the copy and the link: the previous link stops working.</summary>
    private static async Task<Results<Ok<PublishResult>, ProblemHttpResult>> Publish(
        string id, PublishRequest? body, ClaimsPrincipal principal, HttpContext http, TranscriptServices s)
    {
        var user = principal.ToCaiseyUser();
        if (s.Visible(user, id) is not { } draft)
            return ApiProblems.NotFound("transcript", id);
        var now = s.Time.GetUtcNow();
        if (body?.ExpiresAt is not { } expiresAt || expiresAt <= now || expiresAt > now + MaxShareLifetime)
            return ApiProblems.BadRequest($"Send {{\"expiresAt\"}}: a time in the future, at most {MaxShareLifetime.TotalDays:0} days away.");
        var token = Secrets.NewToken(ShareApi.TokenPrefix);
        s.Store.Publish(id, token, SharedTranscript.Freeze(s.Builder.Build(draft), now, expiresAt.ToUniversalTime()));
        await s.Audit.RecordAsync(user.Username, AuditActions.TranscriptPublished, AuditTargets.Transcript(draft.EndpointId, id),
            new { transcriptId = id, expiresAt });
        var shareUrl = $"{http.Request.Scheme}://{http.Request.Host}{http.Request.PathBase}/share/{token}";
        return TypedResults.Ok(new PublishResult(shareUrl, expiresAt));
    }

    /// <summary>Takes the link down (204, also when there was none): the share answers 404 from now on.</summary>
    private static async Task<Results<NoContent, ProblemHttpResult>> Revoke(string id, ClaimsPrincipal principal, TranscriptServices s)
    {
        var user = principal.ToCaiseyUser();
        if (s.Visible(user, id) is not { } draft)
            return ApiProblems.NotFound("transcript", id);
        if (s.Store.Revoke(id))
            await s.Audit.RecordAsync(user.Username, AuditActions.TranscriptRevoked, AuditTargets.Transcript(draft.EndpointId, id), new { transcriptId = id });
        return TypedResults.NoContent();
    }
}
