using System.Collections.Concurrent;
using System.Globalization;
using System.Net.WebSockets;
using System.Text;
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
/// in the same process, it measures what the two cores allow for the exchange alone.
/// </summary>
internal sealed class BareExchangeServer : IAsyncDisposable
{
    /// <summary>The body of a real 202 from the node (script <c>true</c>), with the ids as format holes.</summary>
    private const string AcceptedTemplate =
        """{"id":"{0}","endpointId":"{1}","batchId":null,"status":"dispatched","submittedBy":"admin","submittedAt":"{2}","timeline":[{"status":"queued","at":"{2}","detail":null},{"status":"dispatched","at":"{2}","detail":"attempt 1 via websocket"}],"attempts":1,"exitCode":null,"failureReason":null,"outputBytes":0,"roundTripMs":null,"timings":{"queuedMs":0,"deliveryMs":null,"ackMs":null,"executionMs":null},"shell":"sh","timeoutSeconds":null,"notBefore":null,"expiresAt":null,"idempotencyKey":null,"cancelRequestedAt":null,"requiresConsent":false,"script":"true"}""";

    private static readonly FrameCodec Codec = new();
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
        await bridge.SendAsync(new RunCommand(NextId("f"), commandId, "true", "sh", 3600, 1024 * 1024));
        http.Response.StatusCode = StatusCodes.Status202Accepted;
        http.Response.ContentType = "application/json; charset=utf-8";
        http.Response.Headers.Location = "/api/v1/commands/" + commandId;
        var now = DateTimeOffset.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
        var body = AcceptedTemplate.Replace("{0}", commandId, StringComparison.Ordinal).Replace("{1}", id, StringComparison.Ordinal).Replace("{2}", now, StringComparison.Ordinal);
        await http.Response.Body.WriteAsync(Encoding.UTF8.GetBytes(body));
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
                    case Frame frame when frame is CommandStarted or CommandFinished:
                        await bridge.SendAsync(new Ack(NextId("f"), frame.Id));
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
