using System.Net.WebSockets;
using Caisey.Node.Cluster;
using Caisey.Node.Enrollment;
using Caisey.Protocol.Frames;

namespace Caisey.Node.Bridge;

/// <summary>
/// <c>GET /agent/v1/bridge</c>: the bridge over a WebSocket. The credential is checked before the upgrade (401). One
/// receive loop reads whole text messages into a buffer bounded by the frame limit and decodes them; one send loop
/// drains the session's queue (the single writer). A malformed frame closes the bridge with InvalidFrame, an oversized
/// one with MessageTooBig, a binary one with ProtocolError; a bridge that sends no hello in time is closed too.
/// </summary>
public sealed partial class WebSocketBridge(
    BridgeFrameHandler handler,
    EndpointCredentialStore credentials,
    EndpointGateway endpoints,
    BridgeOptions options,
    TimeProvider time,
    ILogger<WebSocketBridge> logger)
{
    private static readonly TimeSpan CloseGrace = TimeSpan.FromSeconds(2);
    private readonly FrameCodec _codec = new(options.MaxFrameBytes);

    public async Task<IResult> AcceptAsync(HttpContext http)
    {
        var registration = AgentCredentials.Authenticate(http, credentials);
        if (registration is null)
            return AgentCredentials.Unauthorized(http);
        if (OwnerRedirect.Check(http, endpoints, registration.EndpointId) is { } elsewhere)
            return elsewhere;
        if (!http.WebSockets.IsWebSocketRequest)
            return TypedResults.Problem(detail: "The bridge is a WebSocket: send an upgrade request.", statusCode: StatusCodes.Status400BadRequest);
        using var socket = await http.WebSockets.AcceptWebSocketAsync().ConfigureAwait(false);
        var session = new BridgeSession(registration.EndpointId, BridgeTransports.WebSocket, time);
        await RunAsync(socket, session, http.RequestAborted).ConfigureAwait(false);
        return TypedResults.Empty;
    }

    private async Task RunAsync(WebSocket socket, BridgeSession session, CancellationToken aborted)
    {
        using var helloDeadline = time.CreateTimer(
            static s =>
            {
                var session = (BridgeSession)s!;
                if (!session.IsOpen)
                    session.Close(BridgeCloseCodes.ProtocolError, "no 'hello' within the hello timeout");
            },
            session, options.HelloTimeout, Timeout.InfiniteTimeSpan);
        var send = SendLoopAsync(socket, session, aborted);
        var receive = ReceiveLoopAsync(socket, session, aborted);
        _ = AbortAfterCloseAsync(socket, session);
        try
        {
            if (await Task.WhenAny(send, receive).ConfigureAwait(false) == receive)
            {
                session.Close(BridgeCloseCodes.Normal, "the agent closed the bridge", sendCloseFrame: false);
                await send.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
            else
            {
                // The node closed: give the agent a moment to answer the close handshake, then drop the connection.
                await receive.WaitAsync(CloseGrace, time, CancellationToken.None).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                socket.Abort();
                await receive.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
        finally
        {
            handler.Ended(session);
        }
    }

    /// <summary>A peer that neither reads nor answers the close handshake does not hold the connection: abort it.</summary>
    private async Task AbortAfterCloseAsync(WebSocket socket, BridgeSession session)
    {
        await Task.Delay(Timeout.InfiniteTimeSpan, session.Closing).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        await Task.Delay(CloseGrace * 2, time).ConfigureAwait(false);
        try
        {
            socket.Abort();
        }
        catch (ObjectDisposedException)
        {
            // Already gone.
        }
    }

    /// <summary>The single writer: frames go to the socket as they are queued (<see cref="OutboundFrames"/>), then the
    /// socket is closed with the session's status.</summary>
    private async Task SendLoopAsync(WebSocket socket, BridgeSession session, CancellationToken aborted)
    {
        try
        {
            await session.Outbound.Attach(frame => Encode(session, frame) is { } bytes
                ? socket.SendAsync(bytes.AsMemory(), WebSocketMessageType.Text, endOfMessage: true, aborted)
                : ValueTask.CompletedTask).ConfigureAwait(false);
            if (socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
            {
                using var grace = new CancellationTokenSource(CloseGrace, time);
                await socket.CloseOutputAsync(session.CloseStatus, Truncate(session.CloseReason), grace.Token).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException or IOException or ObjectDisposedException)
        {
            session.Close(BridgeCloseCodes.Normal, "the connection broke", sendCloseFrame: false);
        }
    }

    private byte[]? Encode(BridgeSession session, Frame frame)
    {
        try
        {
            return _codec.Encode(frame);
        }
        catch (FrameException e)
        {
            LogUnsendable(logger, session.EndpointId, frame.GetType().Name, e.Message);
            return null;
        }
    }

    /// <summary>A close reason is at most 123 UTF-8 bytes (RFC 6455).</summary>
    private static string Truncate(string reason) => reason.Length <= 120 ? reason : reason[..120];
}
