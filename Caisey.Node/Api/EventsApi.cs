using System.Buffers;
using System.IO.Pipelines;
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
    private static readonly byte[] Connected = ": connected\n\n"u8.ToArray();
    private static readonly byte[] Heartbeat = ": heartbeat\n\n"u8.ToArray();

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
        // Events are serialized straight into the response's buffers as UTF-8: no string, builder or copy per event.
        var body = http.Response.BodyWriter;
        var serializerOptions = json.Value.SerializerOptions;
        using var data = new Utf8JsonWriter(body, new JsonWriterOptions
        {
            Encoder = serializerOptions.Encoder, Indented = serializerOptions.WriteIndented, SkipValidation = true,
        });
        try
        {
            await body.WriteAsync(Connected, cancellationToken);
            Task<bool>? waiting = null;
            while (true)
            {
                waiting ??= subscription.Reader.WaitToReadAsync(cancellationToken).AsTask();
                if (!waiting.IsCompleted)
                {
                    try
                    {
                        await waiting.WaitAsync(options.EventsHeartbeat, time, cancellationToken);
                    }
                    catch (TimeoutException)
                    {
                        await body.WriteAsync(Heartbeat, cancellationToken);
                        continue;
                    }
                }
                if (!await waiting)
                    return;
                waiting = null;
                if (subscription.TakeDropped() is > 0 and var dropped)
                    Write(body, $": dropped {dropped} events\n\n");
                while (subscription.Reader.TryRead(out var live))
                {
                    body.Write("event: "u8);
                    Write(body, live.Name);
                    body.Write("\ndata: "u8);
                    data.Reset(body);
                    JsonSerializer.Serialize(data, live.Data, live.Data.GetType(), serializerOptions);
                    data.Flush();
                    body.Write("\n\n"u8);
                }
                await body.FlushAsync(cancellationToken);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The client went away.
        }
    }

    private static void Write(PipeWriter body, string text)
    {
        var span = body.GetSpan(Encoding.UTF8.GetMaxByteCount(text.Length));
        body.Advance(Encoding.UTF8.GetBytes(text, span));
    }
}
