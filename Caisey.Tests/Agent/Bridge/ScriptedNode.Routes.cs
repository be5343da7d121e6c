using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Caisey.Protocol.Frames;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Caisey.Tests.Agent.Bridge;

public sealed partial class ScriptedNode
{
    private void Map(WebApplication app)
    {
        app.MapPost("/agent/v1/enroll", (Func<HttpContext, Task<IResult>>)EnrollAsync);
        app.Map("/agent/v1/bridge", BridgeAsync);
        app.MapGet("/agent/v1/doorbell", DoorbellAsync);
        app.MapPost("/agent/v1/exchange", ExchangeAsync);
    }

    private async Task<IResult> EnrollAsync(HttpContext context)
    {
        var body = await JsonNode.ParseAsync(context.Request.Body);
        if (body?["enrollmentToken"]?.GetValue<string>() != EnrollmentToken)
            return Results.Problem(detail: "The enrollment token is unknown, expired or used up.", statusCode: 401);
        if (string.IsNullOrEmpty(body["hostname"]?.GetValue<string>()) || string.IsNullOrEmpty(body["agentVersion"]?.GetValue<string>()))
            return Results.Problem(detail: "hostname and agentVersion are required.", statusCode: 400);
        return Results.Json(new { endpointId = EndpointId, credential = Credential, nodeId = "test-node" }, statusCode: 201);
    }

    private async Task BridgeAsync(HttpContext context)
    {
        Interlocked.Increment(ref BridgeAttempts);
        context.Response.StatusCode = Dead ? 503 : !Authorized(context) ? 401 : WebSocketDisabled ? 404 : !context.WebSockets.IsWebSocketRequest ? 400 : 0;
        if (context.Response.StatusCode != 0)
            return;
        using var socket = await context.WebSockets.AcceptWebSocketAsync();
        var connection = NewConnection("websocket", socket.Abort);
        var writer = Task.Run(async () =>
        {
            await foreach (var text in connection.Outbound.Reader.ReadAllAsync())
                await socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, true, CancellationToken.None);
        });
        try
        {
            var buffer = new byte[1 << 20];
            while (true)
            {
                var count = 0;
                ValueWebSocketReceiveResult result;
                do
                {
                    result = await socket.ReceiveAsync(buffer.AsMemory(count), CancellationToken.None);
                    count += result.Count;
                }
                while (!result.EndOfMessage);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    Interlocked.Increment(ref ClosedByAgent);
                    AgentClosed.TrySetResult();
                    await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "bye", CancellationToken.None);
                    break;
                }
                if (_codec.TryDecode(buffer.AsSpan(0, count), out var frame, out _))
                    Handle(connection, frame);
            }
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException or ObjectDisposedException)
        {
            // The agent went away, or a test dropped the connection.
        }
        finally
        {
            connection.Outbound.Writer.TryComplete();
            await writer.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    private async Task<IResult> DoorbellAsync(HttpContext context, int waitSeconds)
    {
        Interlocked.Increment(ref DoorbellRequests);
        if (Dead || DoorbellBroken)
            return Results.StatusCode(Dead ? 503 : 502);
        if (!Authorized(context))
            return Results.Unauthorized();
        Task ring;
        lock (_lock)
        {
            if (_work.Count > 0)
                return Results.Json(new { ring = true, reason = "work" });
            if (_ring.Task.IsCompleted)
                _ring = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            ring = _ring.Task;
        }
        DoorbellHeld.TrySetResult();
        await Task.WhenAny(ring, Task.Delay(TimeSpan.FromSeconds(waitSeconds), context.RequestAborted));
        return ring.IsCompleted ? Results.Json(new { ring = true, reason = "work" }) : Results.NoContent();
    }

    private async Task<IResult> ExchangeAsync(HttpContext context, int waitMs)
    {
        Interlocked.Increment(ref ExchangeRequests);
        if (Dead)
            return Results.StatusCode(503);
        if (!Authorized(context))
            return Results.Unauthorized();
        using var body = await JsonDocument.ParseAsync(context.Request.Body);
        var sessionId = body.RootElement.GetProperty("sessionId").GetString()!;
        var connection = _exchangeSessions.GetOrAdd(sessionId, _ => NewConnection("long-poll", () => { }));
        if (connection.Aborted)
            return Results.StatusCode(410);
        foreach (var element in body.RootElement.GetProperty("frames").EnumerateArray())
            if (_codec.TryDecode(Encoding.UTF8.GetBytes(element.GetRawText()), out var frame, out _))
                Handle(connection, frame);
        var frames = new List<JsonNode?>();
        using var wait = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted);
        wait.CancelAfter(waitMs);
        try
        {
            while (!Drain(connection, frames) && waitMs > 0 && await connection.Outbound.Reader.WaitToReadAsync(wait.Token))
            {
                // Loop: another exchange may have taken what arrived.
            }
        }
        catch (OperationCanceledException)
        {
            // The wait ended with nothing for the agent.
        }
        return Results.Json(new JsonObject { ["frames"] = new JsonArray([.. frames]) });
    }

    private static bool Drain(TestNodeConnection connection, List<JsonNode?> frames)
    {
        while (connection.Outbound.Reader.TryRead(out var text))
            frames.Add(JsonNode.Parse(text));
        return frames.Count > 0;
    }
}
