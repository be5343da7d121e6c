using System.Text.Json;
using Microsoft.Net.Http.Headers;

namespace Caisey.Node.Transcripts;

/// <summary>
/// <c>GET /share/{token}</c>, public (no auth: the token is the capability): the frozen transcript as a self-contained
/// HTML page, or its JSON with <c>Accept: application/json</c>. Unknown, revoked and expired links are 404 alike.
/// Never cached, never indexed, never sent on as a referrer.
/// </summary>
public static class ShareApi
{
    public const string TokenPrefix = "cts_";

    public static IEndpointRouteBuilder MapShareApi(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/share/{token}", Get).AllowAnonymous();
        return routes;
    }

    private static IResult Get(string token, HttpContext http, TranscriptStore store, TimeProvider time)
    {
        var headers = http.Response.Headers;
        headers.CacheControl = "no-store";
        headers["X-Robots-Tag"] = "noindex, nofollow";
        headers["Referrer-Policy"] = "no-referrer";
        headers.XContentTypeOptions = "nosniff";
        if (store.FindShared(token, time.GetUtcNow()) is not { } json)
            return TypedResults.Problem(detail: "This transcript link does not exist, was revoked, or has expired.",
                statusCode: StatusCodes.Status404NotFound, title: "Not found");
        if (WantsJson(http.Request))
            return TypedResults.Text(json, "application/json; charset=utf-8");
        headers.ContentSecurityPolicy = "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
        var shared = JsonSerializer.Deserialize<SharedTranscript>(json, SharedTranscript.Json)!;
        return TypedResults.Text(SharePage.Render(shared), "text/html; charset=utf-8");
    }

    private static bool WantsJson(HttpRequest request) =>
        MediaTypeHeaderValue.TryParseList(request.Headers.Accept, out var accept)
        && accept.Any(a => a.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase));
}
