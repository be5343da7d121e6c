using System.Buffers;
using System.Collections.Concurrent;
using System.Globalization;
using System.Net.WebSockets;
using System.Text;
using System.Threading.Channels;
using Caisey.Protocol.Frames;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Caisey.Bench.Bridge;

/// <summary>
/// The transport baseline of <c>throughput</c>: a bare Kestrel server (slim builder, <c>UseWebSockets</c>) that trades
/// the same messages per command as the node and does nothing else — no authentication, no entity, no journal, no
/// audit. <c>POST /api/v1/endpoints/{id}/commands</c> reads the body, sends <c>run-command</c> down that endpoint's
/// bridge and answers 202 with a command view of the node's size (a real 202 body, the ids spliced in); on
/// <c>/agent/v1/bridge</c> it answers <c>hello</c> with <c>welcome</c> and acks <c>command-started</c> and
/// <c>command-finished</c> as the node does. Driven by the same <see cref="SimAgent"/>s and <see cref="NodeClient"/>
/// in the same process, it measures what the two cores allow for the exchange alone. For <c>rtt</c> it also serves
/// <c>GET /api/v1/events</c>: a <c>command.changed</c> event with a command view of the node's size at each step the
/// node publishes (dispatched, acknowledged, running, succeeded), written and flushed as the node's stream does.
/// </summary>
internal sealed class BareExchangeServer : IAsyncDisposable
{
    /// <summary>The body of a real 202 from the node (script <c>true</c>), with the ids as format holes.</summary>
    private const string AcceptedTemplate =
        """{"id":"{0}","endpointId":"{1}","batchId":null,"status":"dispatched","submittedBy":"admin","submittedAt":"{2}","timeline":[{"status":"queued","at":"{2}","detail":null},{"status":"dispatched","at":"{2}","detail":"attempt 1 via websocket"}],"attempts":1,"exitCode":null,"failureReason":null,"outputBytes":0,"roundTripMs":null,"timings":{"queuedMs":0,"deliveryMs":null,"ackMs":null,"executionMs":null},"shell":"sh","timeoutSeconds":null,"notBefore":null,"expiresAt":null,"idempotencyKey":null,"cancelRequestedAt":null,"requiresConsent":false,"script":"true"}""";

    private static readonly FrameCodec Codec = new();
    private static readonly byte[] Connected = ": connected\n\n"u8.ToArray();
    private readonly ConcurrentDictionary<Channel<byte[]>, bool> _subscribers = new();
    // run-command frame id → (command id, endpoint id): the agent's ack names the frame, not the command.
    private readonly ConcurrentDictionary<string, (string CommandId, string EndpointId)> _dispatched = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Bridge> _bridges = new(StringComparer.Ordinal);
    private long _ids;

    private BareExchangeServer()
    {
    }

    private WebApplication App { get; set; } = null!;

    public Uri BaseAddress { get; private set; } = null!;

    public static async Task<BareExchangeServer> StartAsync()
    {
        var server = new BareExchangeServer();
        (server.App, server.BaseAddress) = await LoopbackKestrel.StartAsync(app =>
        {
            app.UseWebSockets(new WebSocketOptions { KeepAliveInterval = TimeSpan.Zero });
            app.MapPost("/api/v1/endpoints/{id}/commands", server.SubmitAsync);
            app.Map(BridgeProtocol.Path, server.BridgeAsync);
            app.MapGet("/api/v1/events", server.EventsAsync);
        });
        return server;
    }

    private string NextId(string prefix) => prefix + Interlocked.Increment(ref _ids).ToString(CultureInfo.InvariantCulture);

    private async Task SubmitAsync(string id, HttpContext http)
    {
        // Read the whole body, as the node's binding does.
        while (true)
        {
            var read = await http.Request.BodyReader.ReadAsync();
            http.Request.BodyReader.AdvanceTo(read.Buffer.End);
            if (read.IsCompleted)
                break;
        }
        if (!_bridges.TryGetValue(id, out var bridge))
        {
            http.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }
        var commandId = NextId("cmd_");
        var run = new RunCommand(NextId("f"), commandId, "true", "sh", 3600, 1024 * 1024);
        if (!_subscribers.IsEmpty)
            _dispatched[run.Id] = (commandId, id);
        await bridge.SendAsync(run);
        http.Response.StatusCode = StatusCodes.Status202Accepted;
        http.Response.ContentType = "application/json; charset=utf-8";
        http.Response.Headers.Location = "/api/v1/commands/" + commandId;
        var body = View(commandId, id, "dispatched");
        Publish(body);
        await http.Response.Body.WriteAsync(Encoding.UTF8.GetBytes(body));
    }

    private static string View(string commandId, string endpointId, string status)
    {
        // The node's own formatter for its views' times.
        var now = Caisey.Node.Api.UtcDateTimeOffsetConverter.FormatUtc(DateTimeOffset.UtcNow);
        var view = AcceptedTemplate.Replace("{0}", commandId, StringComparison.Ordinal).Replace("{1}", endpointId, StringComparison.Ordinal).Replace("{2}", now, StringComparison.Ordinal);
        return status == "dispatched" ? view : view.Replace("\"status\":\"dispatched\",\"submittedBy\"", $"\"status\":\"{status}\",\"submittedBy\"", StringComparison.Ordinal);
    }

    /// <summary>Queues a <c>command.changed</c> event for every follower of the event stream.</summary>
    private void Publish(string view)
    {
        if (_subscribers.IsEmpty)
            return;
        var bytes = Encoding.UTF8.GetBytes("event: command.changed\ndata: " + view + "\n\n");
        foreach (var subscriber in _subscribers.Keys)
            subscriber.Writer.TryWrite(bytes);
    }

    private async Task EventsAsync(HttpContext http)
    {
        var events = Channel.CreateUnbounded<byte[]>(new UnboundedChannelOptions { SingleReader = true });
        _subscribers[events] = true;
        try
        {
            http.Response.ContentType = "text/event-stream";
            var body = http.Response.BodyWriter;
            await body.WriteAsync(Connected, http.RequestAborted);
            while (await events.Reader.WaitToReadAsync(http.RequestAborted))
            {
                while (events.Reader.TryRead(out var bytes))
                    body.Write(bytes);
                await body.FlushAsync(http.RequestAborted);
            }
        }
        catch (OperationCanceledException)
        {
            // The follower went away.
        }
        finally
        {
            _subscribers.TryRemove(events, out _);
        }
    }

    private async Task BridgeAsync(HttpContext http)
    {
        if (!http.WebSockets.IsWebSocketRequest)
        {
            http.Response.StatusCode = StatusCodes.Status400BadRequest;
            return;
        }
        using var socket = await http.WebSockets.AcceptWebSocketAsync();
        var bridge = new Bridge(socket);
        string? endpointId = null;
        var message = new WholeMessage(4096);
        try
        {
            while (true)
            {
                if (await message.ReceiveAsync(socket) is not { } bytes)
                {
                    await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);
                    return;
                }
                switch (Codec.Decode(bytes.Span))
                {
                    case Hello hello:
                        endpointId = hello.EndpointId;
                        _bridges[endpointId] = bridge;
                        await bridge.SendAsync(new Welcome(NextId("f"), hello.Id, "bare", BridgeProtocol.CurrentVersion, 0));
                        break;
                    case Ack ack:
                        if (_dispatched.TryRemove(ack.CorrelationId, out var acked))
                            Publish(View(acked.CommandId, acked.EndpointId, "acknowledged"));
                        break;
                    case CommandStarted started:
                        Publish(View(started.CommandId, endpointId!, "running"));
                        await bridge.SendAsync(new Ack(NextId("f"), started.Id));
                        break;
                    case CommandFinished finished:
                        Publish(View(finished.CommandId, endpointId!, "succeeded"));
                        await bridge.SendAsync(new Ack(NextId("f"), finished.Id));
                        break;
                }
            }
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException or IOException)
        {
            // The agent went away.
        }
        finally
        {
            if (endpointId is not null)
                _bridges.TryRemove(new KeyValuePair<string, Bridge>(endpointId, bridge));
        }
    }

    public async ValueTask DisposeAsync()
    {
        await App.StopAsync();
        await App.DisposeAsync();
    }

    /// <summary>One agent's socket; sends are serialized (a submit and the receive loop's acks may meet).</summary>
    private sealed class Bridge(WebSocket socket)
    {
        private readonly SemaphoreSlim _send = new(1, 1);

        public async ValueTask SendAsync(Frame frame)
        {
            var bytes = Codec.Encode(frame);
            await _send.WaitAsync();
            try
            {
                await socket.SendAsync(bytes.AsMemory(), WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None);
            }
            finally
            {
                _send.Release();
            }
        }
    }
}
