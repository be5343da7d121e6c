using System.Buffers;
using System.Net.WebSockets;
using Caisey.Protocol.Frames;

namespace Caisey.Node.Bridge;

public sealed partial class WebSocketBridge
{
    private const int ReadChunkBytes = 16 * 1024;

    /// <summary>Reads whole messages (never more than the frame limit) and hands each decoded frame to the handler, in order.</summary>
    private async Task ReceiveLoopAsync(WebSocket socket, BridgeSession session, CancellationToken aborted)
    {
        var message = new ArrayBufferWriter<byte>(ReadChunkBytes);
        try
        {
            while (!session.IsClosing && socket.State == WebSocketState.Open)
            {
                message.ResetWrittenCount();
                var result = await ReadMessageAsync(socket, message, aborted).ConfigureAwait(false);
                if (result is null)
                    return;
                if (result == WebSocketMessageType.Binary)
                {
                    Refuse(session, BridgeCloseCodes.ProtocolError, "Frames are JSON text messages, not binary.");
                    return;
                }
                if (message.WrittenCount > options.MaxFrameBytes)
                {
                    Refuse(session, BridgeCloseCodes.MessageTooBig, $"A frame is larger than {options.MaxFrameBytes} bytes.");
                    return;
                }
                if (!_codec.TryDecode(message.WrittenSpan, out var frame, out var error))
                {
                    Refuse(session, error.CloseStatus, error.Message);
                    return;
                }
                await handler.HandleAsync(session, frame).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException or IOException)
        {
            // The agent went away without a close handshake.
        }
    }

    /// <summary>One whole message into <paramref name="message"/>, stopping once it passes the frame limit; null when the peer closed.</summary>
    private async Task<WebSocketMessageType?> ReadMessageAsync(WebSocket socket, ArrayBufferWriter<byte> message, CancellationToken aborted)
    {
        while (true)
        {
            var result = await socket.ReceiveAsync(message.GetMemory(ReadChunkBytes), aborted).ConfigureAwait(false);
            if (result.MessageType == WebSocketMessageType.Close)
                return null;
            message.Advance(result.Count);
            if (result.EndOfMessage || message.WrittenCount > options.MaxFrameBytes)
                return result.MessageType;
        }
    }

    private void Refuse(BridgeSession session, WebSocketCloseStatus status, string reason)
    {
        LogBadFrame(logger, session.EndpointId, (int)status, reason);
        session.Close(status, reason);
    }
}
