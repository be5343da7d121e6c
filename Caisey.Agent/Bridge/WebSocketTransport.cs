using System.Buffers;
using System.Net;
using System.Net.WebSockets;
using System.Runtime.CompilerServices;
using Caisey.Protocol.Frames;

namespace Caisey.Agent.Bridge;

/// <summary>The bridge over a WebSocket to <c>GET /agent/v1/bridge</c>, one text message per frame.</summary>
public sealed class WebSocketTransport(Uri serverUrl, string credential, string? pinnedSha256, int maxFrameBytes = BridgeProtocol.DefaultMaxFrameBytes)
    : IBridgeTransport
{
    private readonly ClientWebSocket _socket = new();

    public string Description => $"websocket {BridgeEndpoints.Bridge(serverUrl)}";

    public async ValueTask ConnectAsync(CancellationToken cancellationToken)
    {
        _socket.Options.SetRequestHeader("Authorization", "Bearer " + credential);
        _socket.Options.CollectHttpResponseDetails = true;
        if (serverUrl.Scheme == Uri.UriSchemeHttps)
            _socket.Options.RemoteCertificateValidationCallback = (_, certificate, _, errors) => CertificatePin.Accepts(certificate, errors, pinnedSha256);
        try
        {
            await _socket.ConnectAsync(BridgeEndpoints.Bridge(serverUrl), cancellationToken).ConfigureAwait(false);
        }
        catch (WebSocketException) when (_socket.HttpStatusCode == HttpStatusCode.Unauthorized)
        {
            throw new BridgeUnauthorizedException($"The node at {serverUrl} rejected this agent's credential (HTTP 401 on the bridge).");
        }
        catch (WebSocketException) when (_socket.HttpStatusCode is HttpStatusCode.MisdirectedRequest
                                          && _socket.HttpResponseHeaders?.TryGetValue(BridgeProtocol.OwnerUrlHeader, out var location) == true
                                          && BridgeRedirectException.ServerFrom(serverUrl, location.FirstOrDefault()) is { } owner)
        {
            throw new BridgeRedirectException(owner);
        }
        catch (WebSocketException) when (_socket.HttpStatusCode is HttpStatusCode.ServiceUnavailable
                                          && _socket.HttpResponseHeaders?.TryGetValue(BridgeProtocol.RetryAfterMsHeader, out var retry) == true
                                          && int.TryParse(retry.FirstOrDefault(), out var ms))
        {
            throw new BridgeShardMovingException(serverUrl, TimeSpan.FromMilliseconds(ms));
        }
        catch (WebSocketException e) when (_socket.HttpStatusCode is { } status && status != 0)
        {
            throw new WebSocketException($"The node at {serverUrl} refused the bridge upgrade with HTTP {(int)status}.", e);
        }
    }

    public ValueTask SendAsync(ReadOnlyMemory<byte> frame, CancellationToken cancellationToken) =>
        _socket.SendAsync(frame, WebSocketMessageType.Text, endOfMessage: true, cancellationToken);

    public async IAsyncEnumerable<ReadOnlyMemory<byte>> ReceiveAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var buffer = new byte[16 * 1024];
        var message = new ArrayBufferWriter<byte>();
        while (true)
        {
            var received = await _socket.ReceiveAsync(buffer.AsMemory(), cancellationToken).ConfigureAwait(false);
            if (received.MessageType == WebSocketMessageType.Close)
                yield break;
            // Keep at most one byte past the limit: enough for the codec to reject it, bounded memory.
            var room = Math.Max(0, maxFrameBytes + 1 - message.WrittenCount);
            message.Write(buffer.AsSpan(0, Math.Min(room, received.Count)));
            if (!received.EndOfMessage)
                continue;
            yield return message.WrittenMemory.ToArray();
            message.ResetWrittenCount();
        }
    }

    public async ValueTask CloseAsync(CancellationToken cancellationToken)
    {
        if (_socket.State is not (WebSocketState.Open or WebSocketState.CloseReceived))
            return;
        try
        {
            await _socket.CloseOutputAsync(BridgeCloseCodes.Normal, "bridge idle", cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException or ObjectDisposedException or InvalidOperationException)
        {
            // The connection is gone already; nothing to close.
        }
    }

    public ValueTask DisposeAsync()
    {
        _socket.Dispose();
        return ValueTask.CompletedTask;
    }
}
