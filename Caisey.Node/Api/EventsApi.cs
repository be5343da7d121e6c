using System.Security.Claims;
using System.Text;
using System.Text.Json;
using Caisey.Node.Auth;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;
using HttpJsonOptions = Microsoft.AspNetCore.Http.Json.JsonOptions;

namespace Caisey.Node.Api;

/// <summary>
/// <c>GET /api/v1/events</c>: a <c>text/event-stream</c> of <c>endpoint.changed</c>, <c>command.changed</c> and
/// <c>command.output</c> (data = JSON), only for the caller's client groups; a heartbeat comment when idle.
/// </summary>
/// <remarks>The stream opens with the comment <c>: connected</c>, sent once the subscription is in place.
/// Events a slow reader could not take are dropped oldest first and reported as <c>: dropped N events</c>.</remarks>
public static class EventsApi
{
    public static IEndpointRouteBuilder MapEventsApi(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/api/v1/events", Stream).RequireAuthorization();
        return routes;
    }

    private static async Task Stream(
        HttpContext http, ClaimsPrincipal principal, LiveEvents events, ApiOptions options, TimeProvider time, IOptions<HttpJsonOptions> json)
    {
        var cancellationToken = http.RequestAborted;
        using var subscription = events.Subscribe(principal.ToCaiseyUser());
        http.Response.ContentType = "text/event-stream";
        http.Response.Headers.CacheControl = "no-cache";
        http.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
        var body = http.Response.Body;
        try
        {
            await WriteAsync(body, ": connected\n\n", cancellationToken);
            Task<bool>? waiting = null;
            while (true)
            {
                waiting ??= subscription.Reader.WaitToReadAsync(cancellationToken).AsTask();
                using (var heartbeat = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
                {
                    var delay = Task.Delay(options.EventsHeartbeat, time, heartbeat.Token);
                    var first = await Task.WhenAny(waiting, delay);
                    await heartbeat.CancelAsync();
                    if (first != waiting)
                    {
                        await WriteAsync(body, ": heartbeat\n\n", cancellationToken);
                        continue;
                    }
                }
                if (!await waiting)
                    return;
                waiting = null;
                var text = new StringBuilder();
                if (subscription.TakeDropped() is > 0 and var dropped)
                    text.Append(": dropped ").Append(dropped).Append(" events\n\n");
                while (subscription.Reader.TryRead(out var live))
                    text.Append("event: ").Append(live.Name).Append("\ndata: ")
                        .Append(JsonSerializer.Serialize(live.Data, live.Data.GetType(), json.Value.SerializerOptions)).Append("\n\n");
                await WriteAsync(body, text.ToString(), cancellationToken);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The client went away.
        }
    }

    private static async Task WriteAsync(Stream body, string text, CancellationToken cancellationToken)
    {
        await body.WriteAsync(Encoding.UTF8.GetBytes(text), cancellationToken);
        await body.FlushAsync(cancellationToken);
    }
}
